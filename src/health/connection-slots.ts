// What the slots need of a connection: node:net's Socket in the server, a plain object in tests.
export interface Closable {
  destroy: () => void;
}

// At most `max` connections. A new one takes the slot of the connection that has waited longest without a
// request in flight (idle keep-alive, or no complete request yet: slowloris); only when every slot has a
// request in flight is the new connection closed. nginx reuses keep-alive connections the same way when
// worker_connections run out.
export interface ConnectionSlots<T extends Closable> {
  // Admits a new connection; false (and destroyed) when every slot has a request in flight.
  admit: (connection: T) => boolean;
  requestStarted: (connection: T) => void;
  requestEnded: (connection: T) => void;
  // The connection closed, by either side.
  remove: (connection: T) => void;
  size: () => number;
  // Connections closed to make room so far.
  evicted: () => number;
}

// Makes empty slots; see ConnectionSlots.
export const createConnectionSlots = <T extends Closable>(max: number): ConnectionSlots<T> => {
  // Insertion order is the order they began waiting: the first key waited longest.
  const waiting = new Set<T>();
  const busy = new Map<T, number>();
  let evicted = 0;
  return {
    admit: (connection) => {
      if (waiting.size + busy.size >= max) {
        const oldest = waiting.values().next().value;
        if (oldest === undefined) {
          connection.destroy();
          return false;
        }

        waiting.delete(oldest);
        evicted++;
        oldest.destroy();
      }

      waiting.add(connection);
      return true;
    },
    requestStarted: (connection) => {
      if (!waiting.delete(connection) && !busy.has(connection)) return;
      busy.set(connection, (busy.get(connection) ?? 0) + 1);
    },
    requestEnded: (connection) => {
      const inFlight = busy.get(connection);
      if (inFlight === undefined) return;
      if (inFlight > 1) {
        busy.set(connection, inFlight - 1);
        return;
      }

      busy.delete(connection);
      waiting.add(connection);
    },
    remove: (connection) => {
      waiting.delete(connection);
      busy.delete(connection);
    },
    size: () => waiting.size + busy.size,
    evicted: () => evicted,
  };
};
