import {request} from 'node:http';
import {isIPv6, Socket} from 'node:net';
import {performance} from 'node:perf_hooks';
import {connect as connectTls} from 'node:tls';
import type {Resolver} from './resolver.ts';
import {type Attempt, classifyConnectError} from './states.ts';
import type {DialTarget} from './target.ts';

const formatAddress = (address: string, port: number): string =>
  isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;

type Connected = {socket: Socket; connectMs: number} | {error: Pick<Attempt, 'state' | 'detail'>};

// One TCP connect within timeoutMs; the socket is returned open on success.
const connectSocket = (address: string, port: number, timeoutMs: number): Promise<Connected> =>
  new Promise((resolve) => {
    const socket = new Socket();
    const startMs = performance.now();
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({error: {state: 'timeout'}});
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({socket, connectMs: performance.now() - startMs});
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({error: {state: classifyConnectError(error.code), detail: error.code}});
    });
    socket.connect({host: address, port});
  });

// A GET over an already connected socket; 2xx counts as connected, anything else as an HTTP failure.
const getOverSocket = (
  socket: Socket,
  target: Extract<DialTarget, {kind: 'http'}>,
  timeoutMs: number,
): Promise<Pick<Attempt, 'state' | 'detail'>> =>
  new Promise((resolve) => {
    const stream = target.tls ? connectTls({socket, servername: target.host}) : socket;
    const timer = setTimeout(() => {
      stream.destroy();
      resolve({state: 'timeout', detail: 'awaiting response'});
    }, timeoutMs);
    const finish = (result: Pick<Attempt, 'state' | 'detail'>): void => {
      clearTimeout(timer);
      stream.destroy();
      resolve(result);
    };
    const get = request(target.url, {
      method: 'GET',
      agent: false,
      headers: {connection: 'close'},
      createConnection: () => stream,
    });
    get.once('response', (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      finish(status >= 200 && status < 300 ? {state: 'connected'} : {state: 'http', detail: String(status)});
    });
    get.once('error', (error: NodeJS.ErrnoException) =>
      finish({state: 'error', detail: error.code ?? error.message}),
    );
    get.end();
  });

// Resolves the target, connects once and, in URL mode, sends one GET: the outcome as an Attempt.
export const attemptDial = async (
  target: DialTarget,
  resolver: Resolver,
  timeoutMs: number,
  atMs: number,
): Promise<Attempt> => {
  const resolution = await resolver.resolve(target.host);
  if ('errorCode' in resolution) {
    return {
      atMs,
      state: 'dns',
      detail: `lookup ${target.host}: ${resolution.errorCode}`,
      lookupMs: resolution.lookupMs,
    };
  }

  const address = formatAddress(resolution.address, target.port);
  const base = {atMs, address, lookupMs: resolution.lookupMs};
  const connected = await connectSocket(resolution.address, target.port, timeoutMs);
  if ('error' in connected) {
    return {...base, ...connected.error};
  }

  if (target.kind === 'tcp') {
    connected.socket.destroy();
    return {...base, state: 'connected', connectMs: connected.connectMs};
  }

  return {
    ...base,
    connectMs: connected.connectMs,
    ...(await getOverSocket(connected.socket, target, timeoutMs)),
  };
};
