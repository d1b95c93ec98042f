import type {TcpSocket} from '../proc/net-tcp.ts';

// What one look at the pod's network namespace saw.
export interface Observation {
  sockets: TcpSocket[];
  // The namespace's Tcp PassiveOpens counter (every accepted connection, IPv4 and IPv6); undefined if unreadable.
  passiveOpens: number | undefined;
  // Connections graceful's own health server has accepted so far.
  ownAccepted: number;
}

// What the tracker remembers between observations.
export interface ActivityTracker {
  // Inbound connections (4-tuples on listening ports) in the last observation.
  known: Set<string>;
  // New inbound connections seen on any listening port since tracking began, graceful's own included.
  seenTotal: number;
  // Of those, on graceful's own ports.
  ownSeenTotal: number;
  passiveOpensAtStart: number | undefined;
  // The counter one observation ago: connections it counted have had a full poll to be seen or accepted.
  passiveOpensBefore: number | undefined;
  ownAcceptedAtStart: number;
  // The most accepted connections that the table and the health server could not account for.
  unexplainedMax: number;
}

const key = (socket: TcpSocket): string =>
  `${socket.localAddress}|${socket.localPort}|${socket.remoteAddress}|${socket.remotePort}`;

const inbound = (sockets: TcpSocket[]): TcpSocket[] => {
  const listening = new Set(sockets.filter((socket) => socket.state === 'LISTEN').map((s) => s.localPort));
  return sockets.filter((socket) => socket.state !== 'LISTEN' && listening.has(socket.localPort));
};

// Starts tracking from a first observation: whatever is there already is not new.
export const startTracking = (observation: Observation): ActivityTracker => ({
  known: new Set(inbound(observation.sockets).map(key)),
  seenTotal: 0,
  ownSeenTotal: 0,
  passiveOpensAtStart: observation.passiveOpens,
  passiveOpensBefore: observation.passiveOpens,
  ownAcceptedAtStart: observation.ownAccepted,
  unexplainedMax: 0,
});

// Counts new client connections to the served ports (every listening port but `ownPorts`) since the last
// observation: those the socket table shows, plus those the PassiveOpens counter shows that no table entry
// and no health-server accept explains (connections that opened and closed between two looks).
export const trackActivity = (
  tracker: ActivityTracker,
  observation: Observation,
  ownPorts: ReadonlySet<number>,
): {tracker: ActivityTracker; newConnections: number} => {
  const current = inbound(observation.sockets);
  const fresh = current.filter((socket) => !tracker.known.has(key(socket)));
  const ownFresh = fresh.filter((socket) => ownPorts.has(socket.localPort)).length;
  const servedFresh = fresh.length - ownFresh;
  const seenTotal = tracker.seenTotal + fresh.length;
  const ownSeenTotal = tracker.ownSeenTotal + ownFresh;
  let unexplainedMax = tracker.unexplainedMax;
  let missed = 0;
  if (tracker.passiveOpensAtStart !== undefined && tracker.passiveOpensBefore !== undefined) {
    const ownAccepted = observation.ownAccepted - tracker.ownAcceptedAtStart;
    const explained = seenTotal + Math.max(0, ownAccepted - ownSeenTotal);
    const unexplained = tracker.passiveOpensBefore - tracker.passiveOpensAtStart - explained;
    missed = Math.max(0, unexplained - unexplainedMax);
    unexplainedMax = Math.max(unexplainedMax, unexplained);
  }

  return {
    tracker: {
      ...tracker,
      known: new Set(current.map(key)),
      seenTotal,
      ownSeenTotal,
      passiveOpensBefore: observation.passiveOpens,
      unexplainedMax,
    },
    newConnections: servedFresh + missed,
  };
};

// When a quiet drain may end, in ms since the drain began: at `drainMs`, or once `drainMinMs` has passed
// and nothing new arrived for `quietMs` (the drain's start counts as the first arrival).
export const quietDrainEndMs = ({
  drainMs,
  drainMinMs,
  quietMs,
  lastActivityMs,
}: {
  drainMs: number;
  drainMinMs: number;
  quietMs: number;
  lastActivityMs: number;
}): number => Math.min(drainMs, Math.max(drainMinMs, lastActivityMs + quietMs));
