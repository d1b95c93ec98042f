import {once} from 'node:events';
import {connect, createServer, type Socket} from 'node:net';
import {describe, expect, onTestFinished, test} from 'vitest';
import {
  type HealthHandlers,
  type HealthServerOptions,
  type HealthStatus,
  startHealthServer,
} from '../../../src/health/server.ts';
import {httpRequest} from '../../helpers/http.ts';

const start = async (handlers: Partial<HealthHandlers> = {}, options: Partial<HealthServerOptions> = {}) => {
  let status: HealthStatus = {
    phase: 'running',
    probe: 'ready',
    windowMs: undefined,
    enteredAtMs: performance.now(),
  };
  const server = await startHealthServer(
    {
      port: 0,
      host: '127.0.0.1',
      readyTcp: undefined,
      prestopMax: 2,
      prestopToken: undefined,
      drainReadiness: 'unready',
      ...options,
    },
    {status: () => status, ...handlers},
  );
  onTestFinished(() => server.close());
  const get = (path: string, init: Parameters<typeof httpRequest>[2] = {}) =>
    httpRequest(server.port, path, init);
  return {server, get, setStatus: (next: HealthStatus) => (status = next)};
};

const openSocket = async (port: number): Promise<Socket> => {
  const socket = connect(port, '127.0.0.1');
  onTestFinished(() => void socket.destroy());
  await once(socket, 'connect');
  // Flowing, so that the server's close shows up as 'close'.
  socket.resume();
  return socket;
};

describe('health endpoints', () => {
  test('/livez and /readyz answer 200 with the phase while running', async () => {
    const {get} = await start();
    expect(await get('/livez')).toMatchObject({status: 200, body: '{"phase":"running"}\n'});
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({phase: 'running', ready: true});
    expect(ready.headers['content-type']).toBe('application/json');
  });

  // The answers show the mode's phase; /readyz answers from what it means to the probes.
  test.each([
    ['starting', 'starting'],
    ['draining', 'draining'],
    ['stopping', 'stopped'],
    ['refusing', 'stopped'],
  ] as const)(
    '/readyz is 503 while %s (%s), with the time left in the window; /livez stays 200',
    async (phase, probe) => {
      const {get, setStatus} = await start();
      setStatus({phase, probe, windowMs: 10_000, enteredAtMs: performance.now() - 4_000});
      const ready = await get('/readyz');
      expect(ready.status).toBe(503);
      const body = JSON.parse(ready.body);
      expect(body).toMatchObject({phase, ready: false, windowMs: 10_000});
      expect(body.remainingMs).toBeGreaterThan(5_000);
      expect(body.remainingMs).toBeLessThanOrEqual(6_000);
      expect((await get('/livez')).status).toBe(200);
    },
  );

  test.each([
    ['unready', 'draining', 503],
    ['ready', 'draining', 200],
    ['ready', 'stopped', 503],
    ['ready', 'ready', 200],
  ] as const)('--drain-readiness %s: while %s /readyz is %s', async (drainReadiness, probe, expected) => {
    const {get, setStatus} = await start({}, {drainReadiness});
    setStatus({phase: 'any', probe, windowMs: 10_000, enteredAtMs: performance.now()});
    expect((await get('/readyz')).status).toBe(expected);
  });

  test('HEAD answers the status without a body', async () => {
    const {get} = await start();
    expect(await get('/readyz', {method: 'HEAD'})).toMatchObject({status: 200, body: ''});
  });

  test.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    '%s is 405 with Allow: GET, HEAD',
    async (method) => {
      const prestops: string[] = [];
      const {get} = await start({prestop: async () => void prestops.push(method)});
      for (const path of ['/livez', '/readyz', '/prestop']) {
        const response = await get(path, {method});
        expect(response.status).toBe(405);
        expect(response.headers.allow).toBe('GET, HEAD');
      }

      expect(prestops).toEqual([]);
    },
  );

  test('unknown paths are 404; a query string is ignored', async () => {
    const {get} = await start();
    expect((await get('/healthz')).status).toBe(404);
    expect((await get('/readyz?verbose=1')).status).toBe(200);
  });

  test('--ready-tcp: /readyz follows whether the port accepts connections', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const {port} = probe.address() as {port: number};
    onTestFinished(() => void probe.close());
    const {get} = await start({}, {readyTcp: {host: '127.0.0.1', port}});
    expect((await get('/readyz')).status).toBe(200);
    probe.close();
    await once(probe, 'close');
    const closed = await get('/readyz');
    expect(closed.status).toBe(503);
    expect(JSON.parse(closed.body)).toMatchObject({phase: 'running', ready: false});
  });

  test('/prestop is 404 without a sidecar drain', async () => {
    const {get} = await start();
    expect((await get('/prestop')).status).toBe(404);
  });
});

describe('/prestop (sidecar)', () => {
  const drain = () => {
    const ended = Promise.withResolvers<void>();
    let calls = 0;
    return {
      prestop: () => {
        calls++;
        return ended.promise;
      },
      end: () => ended.resolve(),
      calls: () => calls,
    };
  };

  test('is held until the drain ends, then 200', async () => {
    const window = drain();
    const {get} = await start({prestop: window.prestop});
    let answered = false;
    const response = get('/prestop').then((result) => {
      answered = true;
      return result;
    });
    await expect.poll(() => window.calls()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    window.end();
    expect((await response).status).toBe(200);
  });

  test('holds at most --prestop-max requests, 503 beyond', async () => {
    const window = drain();
    const {get} = await start({prestop: window.prestop}, {prestopMax: 2});
    const held = [get('/prestop'), get('/prestop')];
    await expect.poll(() => window.calls()).toBe(2);
    expect((await get('/prestop')).status).toBe(503);
    window.end();
    expect((await Promise.all(held)).map((response) => response.status)).toEqual([200, 200]);
  });

  test('with a token, a missing or wrong X-Graceful-Token is 403 and starts nothing', async () => {
    const window = drain();
    const {get} = await start({prestop: window.prestop}, {prestopToken: 's3cret'});
    expect((await get('/prestop')).status).toBe(403);
    expect((await get('/prestop', {headers: {'x-graceful-token': 's3cre'}})).status).toBe(403);
    expect(window.calls()).toBe(0);
    const held = get('/prestop', {headers: {'x-graceful-token': 's3cret'}});
    await expect.poll(() => window.calls()).toBe(1);
    window.end();
    expect((await held).status).toBe(200);
  });

  test('held requests get 503 when the server closes', async () => {
    const window = drain();
    const {get, server} = await start({prestop: window.prestop});
    const held = get('/prestop').catch((error: Error) => ({status: error.message}));
    await expect.poll(() => window.calls()).toBe(1);
    await server.close();
    expect([503, 'socket hang up']).toContain((await held).status);
  });
});

describe('limits', () => {
  test('a header section over the limit is 431', async () => {
    const {get} = await start({}, {limits: {maxHeaderBytes: 1_024}});
    expect((await get('/livez', {headers: {'x-big': 'a'.repeat(2_000)}})).status).toBe(431);
  });

  test('a client that never finishes its request is cut off after the request timeout', async () => {
    const {server} = await start({}, {limits: {requestTimeoutMs: 500}});
    const socket = await openSocket(server.port);
    socket.write('GET /livez HTTP/1.1\r\nHost: x\r\n');
    const startedAt = performance.now();
    await once(socket, 'close', {signal: AbortSignal.timeout(5_000)});
    expect(performance.now() - startedAt).toBeLessThan(3_000);
  });

  test('a connection that sends nothing is closed by the server after the headers timeout', async () => {
    const {server} = await start({}, {limits: {headersTimeoutMs: 300}});
    const socket = await openSocket(server.port);
    let received = '';
    socket.on('data', (chunk) => {
      received += String(chunk);
    });
    // The server ends the connection (the client never does): 'end' before 'close', with nothing answered.
    await once(socket, 'end', {signal: AbortSignal.timeout(5_000)});
    expect(received).not.toMatch(/^HTTP\/1\.1 2/);
    expect(server.accepted()).toBe(1);
  });

  test('an idle keep-alive connection is closed by the server after the keep-alive timeout', async () => {
    const {server} = await start({}, {limits: {keepAliveTimeoutMs: 300}});
    const socket = await openSocket(server.port);
    let received = '';
    socket.on('data', (chunk) => {
      received += String(chunk);
    });
    socket.write('GET /livez HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(socket, 'end', {signal: AbortSignal.timeout(5_000)});
    // The request was answered and kept alive; only then did the idle timeout end the connection.
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toMatch(/connection: keep-alive/i);
  });

  test('at the limit, a new connection takes the slot of the one that waited longest without a request', async () => {
    const {server, get} = await start({}, {limits: {maxConnections: 2}});
    const first = await openSocket(server.port);
    const closed = once(first, 'close', {signal: AbortSignal.timeout(5_000)});
    await openSocket(server.port);
    expect((await get('/livez')).status).toBe(200);
    await closed;
    expect(server.evicted()).toBeGreaterThanOrEqual(1);
  });

  test('a held /prestop keeps its slot; a new connection is dropped only when every slot holds a request', async () => {
    const ended = Promise.withResolvers<void>();
    const {server, get} = await start({prestop: () => ended.promise}, {limits: {maxConnections: 2}});
    const held = [get('/prestop'), get('/prestop')];
    await expect.poll(() => server.accepted()).toBe(2);
    await expect(get('/livez', {timeoutMs: 2_000})).rejects.toThrow(/socket hang up|ECONNRESET/);
    ended.resolve();
    expect((await Promise.all(held)).map((response) => response.status)).toEqual([200, 200]);
    expect((await get('/livez')).status).toBe(200);
  });

  test('counts the connections it accepted', async () => {
    const {get, server} = await start();
    await get('/livez');
    await get('/readyz');
    expect(server.accepted()).toBe(2);
  });

  test('a port in use is a clear error', async () => {
    const {server} = await start();
    await expect(start({}, {port: server.port})).rejects.toThrow(
      /--health-port: cannot listen on 127.0.0.1:\d+ \(EADDRINUSE\)/,
    );
  });
});
