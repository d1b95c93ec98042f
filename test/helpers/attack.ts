import {connect, type Socket} from 'node:net';
import {onTestFinished} from 'vitest';

// A crowd of hostile clients on one port: `idle` connections that never send a byte and `slow` ones that
// send a request header one byte every `slowEveryMs` (slowloris). Each connection the server closes is
// opened again at once, so the pressure lasts until the test ends.
export interface Attack {
  // Settles once every connection of the crowd has connected at least once.
  ready: Promise<void>;
  // Connections the server closed so far.
  closedByServer: () => number;
  open: () => number;
  stop: () => void;
}

// Starts the crowd against host:port; it is stopped when the test ends.
export const startAttack = (
  port: number,
  {idle = 200, slow = 64, slowEveryMs = 100, host = '127.0.0.1'} = {},
): Attack => {
  const sockets = new Set<Socket>();
  let stopped = false;
  let closedByServer = 0;
  let firstConnects = 0;
  const ready = Promise.withResolvers<void>();
  const open = (kind: 'idle' | 'slow', first: boolean): void => {
    if (stopped) return;
    const socket = connect(port, host);
    sockets.add(socket);
    let timer: NodeJS.Timeout | undefined;
    let connected = false;
    socket.on('error', () => {});
    socket.resume();
    socket.once('connect', () => {
      connected = true;
      if (first && ++firstConnects === idle + slow) ready.resolve();
      if (kind === 'slow') {
        socket.write('GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ');
        timer = setInterval(() => socket.write('a'), slowEveryMs);
      }
    });
    socket.once('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
      if (stopped) return;
      if (connected) closedByServer++;
      // One that never connected still counts as a first connection when it does.
      open(kind, first && !connected);
    });
  };
  for (let index = 0; index < idle; index++) open('idle', true);
  for (let index = 0; index < slow; index++) open('slow', true);
  const stop = (): void => {
    stopped = true;
    for (const socket of sockets) socket.destroy();
  };
  onTestFinished(stop);
  return {ready: ready.promise, closedByServer: () => closedByServer, open: () => sockets.size, stop};
};
