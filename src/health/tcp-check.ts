import {Socket} from 'node:net';

let connected = 0;

// How many checks connected so far: each was one accepted connection in the pod's namespace when the target
// is the pod's own server, which the quiet drain and the shutdown report must not count as a client.
export const connectedChecks = (): number => connected;

// True when host:port accepts a TCP connection within `timeoutMs`; the connection is closed at once.
export const checkTcp = (host: string, port: number, timeoutMs: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = new Socket();
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => {
      connected++;
      finish(true);
    });
    socket.once('error', () => finish(false));
    socket.connect(port, host);
  });
