import type {TcpSocket} from '../proc/net-tcp.ts';

// What the sidecar sees of the server: the namespace's listening sockets by port (their inodes), or with
// --ready-tcp whether that port accepts a connection.
export type ServerView =
  | {kind: 'listeners'; listeners: ReadonlyMap<number, readonly number[]>}
  | {kind: 'tcp'; accepting: boolean};

// How the server looks now against the moment the drain ended: still the same, stopped (a port it listened
// on has no listener), or restarted (every port listened on again, at least one by new sockets).
export type ServerChange = 'serving' | 'stopped' | 'restarted';

// The listening sockets of a socket table by port, without graceful's own ports.
export const listenersOf = (
  sockets: readonly TcpSocket[],
  ownPorts: ReadonlySet<number>,
): Map<number, number[]> => {
  const listeners = new Map<number, number[]>();
  for (const socket of sockets) {
    if (socket.state !== 'LISTEN' || ownPorts.has(socket.localPort)) continue;
    listeners.set(socket.localPort, [...(listeners.get(socket.localPort) ?? []), socket.inode]);
  }

  return listeners;
};

// Compares what the sidecar sees now with what it saw when the drain ended; see ServerChange.
export const compareServer = (baseline: ServerView, now: ServerView): ServerChange => {
  if (now.kind === 'tcp' || baseline.kind === 'tcp') {
    return now.kind === 'tcp' && now.accepting ? 'serving' : 'stopped';
  }

  let renewed = false;
  for (const [port, inodes] of baseline.listeners) {
    const current = now.listeners.get(port);
    if (current === undefined || current.length === 0) return 'stopped';
    if (!current.some((inode) => inodes.includes(inode))) renewed = true;
  }

  return renewed ? 'restarted' : 'serving';
};
