import {createServer, Socket} from 'node:net';

// A TCP port that was free a moment ago on the given host (for servers, such as nginx, that cannot take port 0).
export const freePort = async (host = '127.0.0.1'): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }

  return address.port;
};

export type ConnectResult = 'connected' | 'refused' | 'timeout' | 'error';

// One TCP connect attempt, closed at once: how the port answered.
export const tryConnect = (port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<ConnectResult> =>
  new Promise((resolve) => {
    const socket = new Socket();
    const finish = (result: ConnectResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish('timeout'));
    socket.once('connect', () => finish('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : 'error'),
    );
    socket.connect(port, host);
  });
