import {once} from 'node:events';
import {connect} from 'node:net';
import {describe, expect, test} from 'vitest';
import {nodeFixture} from '../helpers/fixtures.ts';
import {type LogLine, startGraceful, startProcess} from '../helpers/graceful.ts';
import {httpRequest} from '../helpers/http.ts';
import {freePort} from '../helpers/net.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name && line.elapsedMs !== undefined;

// The main container's server: a TCP server on a fixed port, so a restart listens where the old one did.
const startServer = async (port: number) => {
  const server = startProcess(process.execPath, nodeFixture('tcp-server.mjs', String(port)).slice(1));
  await server.waitForStdout(/listening/);
  return server;
};

const startSidecar = async (args: string[]) => {
  const port = await freePort();
  const sidecar = startGraceful([
    'sidecar',
    '--health-port',
    String(port),
    '--health-host',
    '127.0.0.1',
    '--refuse',
    '0',
    ...args,
  ]);
  await sidecar.waitForLog(phase('running'));
  const get = (path: string) => httpRequest(port, path);
  const readyz = async () => (await get('/readyz')).status;
  // One /prestop, with how long it was held.
  const prestop = async () => {
    const startedAt = performance.now();
    const response = await get('/prestop');
    return {status: response.status, heldMs: performance.now() - startedAt};
  };
  return {sidecar, get, readyz, prestop, port};
};

// Here the sidecar watches --ready-tcp: the machine's shared network namespace has other listeners coming and
// going. The pod lab (test/lab) covers the watch of the pod's own listening sockets.
describe('graceful sidecar: a drain that resets', () => {
  test('/prestop, then the server restarts: ready again within a few seconds, and the next /prestop drains in full', async () => {
    const serverPort = await freePort();
    let server = await startServer(serverPort);
    const {sidecar, readyz, prestop} = await startSidecar([
      '--drain',
      '2s',
      '--ready-tcp',
      String(serverPort),
    ]);
    expect(await readyz()).toBe(200);

    // The kubelet restarts the container: preStop, held for the drain...
    const first = prestop();
    await sidecar.waitForLog(phase('draining'));
    expect(await readyz()).toBe(503);
    expect(await first).toMatchObject({status: 200});
    expect((await first).heldMs).toBeGreaterThanOrEqual(1_900);

    // ...then its stop signal, then a new start.
    process.kill(server.pid, 'SIGTERM');
    await server.waitForExit();
    await sidecar.waitForLog(/the server stopped: waiting for it to serve again/);
    expect(await readyz()).toBe(503);
    server = await startServer(serverPort);
    // "A few seconds": the watch looks every 200 ms.
    const resumed = await sidecar.waitForLog(/the server serves again/, 5_000);
    expect(resumed.phase).toBe('running');
    expect(await readyz()).toBe(200);

    const second = await prestop();
    expect(second.status).toBe(200);
    expect(second.heldMs).toBeGreaterThanOrEqual(1_900);
    expect(sidecar.logs.filter(phase('draining'))).toHaveLength(2);

    // The pod really goes away now: SIGTERM still leads to the refuse window and exit 0.
    process.kill(sidecar.pid, 'SIGTERM');
    await sidecar.waitForLog(phase('refusing'));
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });

  test('a stray /prestop (nobody stops the server): ready again once --stop-wait has passed', async () => {
    const serverPort = await freePort();
    await startServer(serverPort);
    const {sidecar, get, readyz, prestop} = await startSidecar([
      '--drain',
      '1s',
      '--stop-wait',
      '2s',
      '--ready-tcp',
      String(serverPort),
    ]);
    expect(await prestop()).toMatchObject({status: 200});
    const stopping = JSON.parse((await get('/readyz')).body);
    expect(stopping).toMatchObject({phase: 'stopping', ready: false});
    await sidecar.waitForLog(/did not stop within --stop-wait 2s after the drain \(a stray \/prestop\?\)/);
    expect(await readyz()).toBe(200);
    const again = await prestop();
    expect(again.status).toBe(200);
    expect(again.heldMs).toBeGreaterThanOrEqual(900);
  });

  test('a /prestop during --stop-wait after a stray one (the pod deleted after all) is held for a full drain', async () => {
    const serverPort = await freePort();
    await startServer(serverPort);
    const {sidecar, prestop} = await startSidecar([
      '--drain',
      '1s',
      '--stop-wait',
      '30s',
      '--ready-tcp',
      String(serverPort),
    ]);
    expect(await prestop()).toMatchObject({status: 200});
    await sidecar.waitForLog(phase('stopping'));
    const real = await prestop();
    expect(real.status).toBe(200);
    expect(real.heldMs).toBeGreaterThanOrEqual(900);
    expect(sidecar.logs.filter(phase('draining'))).toHaveLength(2);
  });

  test('callers that hang up give their /prestop slot back: the kubelet is still held', async () => {
    const serverPort = await freePort();
    await startServer(serverPort);
    const {port, get, prestop} = await startSidecar([
      '--drain',
      '3s',
      '--prestop-max',
      '4',
      '--ready-tcp',
      String(serverPort),
    ]);
    // Four stray calls that hang up while held: each takes a slot, then should give it back. A /livez on a
    // second connection, answered after the /prestop was read, tells that the call is held.
    for (let index = 0; index < 4; index += 1) {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write('GET /prestop HTTP/1.1\r\nHost: pod\r\n\r\n');
      expect((await get('/livez')).status).toBe(200);
      socket.destroy();
    }

    const kubelet = await prestop();
    expect(kubelet.status).toBe(200);
  });

  test('a server that stops only after --stop-wait: unready again until it serves again', async () => {
    const serverPort = await freePort();
    let server = await startServer(serverPort);
    const {sidecar, readyz, prestop} = await startSidecar([
      '--drain',
      '500ms',
      '--stop-wait',
      '1s',
      '--ready-tcp',
      String(serverPort),
    ]);
    expect(await prestop()).toMatchObject({status: 200});
    await sidecar.waitForLog(/did not stop within --stop-wait/);
    expect(await readyz()).toBe(200);
    process.kill(server.pid, 'SIGTERM');
    await server.waitForExit();
    await sidecar.waitForLog(/the server stopped after all/);
    expect(await readyz()).toBe(503);
    server = await startServer(serverPort);
    await sidecar.waitForLog(/the server serves again/, 5_000);
    expect(await readyz()).toBe(200);
  });

  test('SIGTERM while the server is stopped after a drain: refuse, exit 0', async () => {
    const serverPort = await freePort();
    const server = await startServer(serverPort);
    const {sidecar, prestop} = await startSidecar(['--drain', '500ms', '--ready-tcp', String(serverPort)]);
    expect(await prestop()).toMatchObject({status: 200});
    process.kill(server.pid, 'SIGTERM');
    await sidecar.waitForLog(/the server stopped/);
    process.kill(sidecar.pid, 'SIGTERM');
    await sidecar.waitForLog(phase('refusing'));
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });
});
