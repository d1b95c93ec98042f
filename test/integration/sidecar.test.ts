import {describe, expect, test} from 'vitest';
import {nodeFixture} from '../helpers/fixtures.ts';
import {type LogLine, runGraceful, startGraceful, startProcess} from '../helpers/graceful.ts';
import {httpRequest} from '../helpers/http.ts';
import {freePort, tryConnect} from '../helpers/net.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name;

const startSidecar = async (args: string[], env: Record<string, string> = {}) => {
  const port = await freePort();
  const sidecar = startGraceful(
    ['sidecar', '--health-port', String(port), '--health-host', '127.0.0.1', ...args],
    {env},
  );
  await sidecar.waitForLog(phase('running'));
  return {
    sidecar,
    port,
    get: (path: string, headers: Record<string, string> = {}) => httpRequest(port, path, {headers}),
  };
};

describe('graceful sidecar', () => {
  test("the kubelet's order: preStop held for the drain, SIGTERM to the server, then the sidecar refuses and exits 0", async () => {
    const serverPort = await freePort();
    const server = startProcess(process.execPath, nodeFixture('tcp-server.mjs', String(serverPort)).slice(1));
    await server.waitForStdout(/listening/);
    const {sidecar, get} = await startSidecar([
      '--drain',
      '2s',
      '--refuse',
      '1s',
      '--ready-tcp',
      String(serverPort),
    ]);
    expect((await get('/readyz')).status).toBe(200);

    // The kubelet: preStop httpGet, blocking until it answers.
    const prestop = get('/prestop');
    const draining = await sidecar.waitForLog(phase('draining'));
    expect((await get('/readyz')).status).toBe(503);
    expect(await tryConnect(serverPort)).toBe('connected');
    const answer = await prestop;
    expect(answer.status).toBe(200);
    // Answered because the drain ended, after its whole window (the sidecar's own clock).
    const drained = sidecar.logs.find((line) => String(line.msg).startsWith('drained: /prestop answered'));
    expect(drained).toBeDefined();
    expect(Number(drained?.elapsedMs) - Number(draining.elapsedMs)).toBeGreaterThanOrEqual(1_990);
    expect(JSON.parse(answer.body).heldMs).toBeGreaterThanOrEqual(1_990);

    // Then the kubelet stops the server, and only after it exited, the sidecar.
    process.kill(server.pid, 'SIGTERM');
    expect(await server.waitForExit()).toMatchObject({exitCode: 0});
    expect(await tryConnect(serverPort)).toBe('refused');
    process.kill(sidecar.pid, 'SIGTERM');
    await sidecar.waitForLog(phase('refusing'));
    expect((await get('/livez')).status).toBe(200);
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    const refusing = sidecar.logs.find(phase('refusing')) as LogLine;
    const exited = sidecar.logs.find(phase('exited')) as LogLine;
    expect(Number(exited.elapsedMs) - Number(refusing.elapsedMs)).toBeGreaterThanOrEqual(990);
  });

  test('later /prestop calls join the drain that the first one started', async () => {
    const {sidecar, get} = await startSidecar(['--drain', '2s', '--refuse', '0']);
    const first = get('/prestop');
    await sidecar.waitForLog(phase('draining'));
    // Halfway through the drain, by the sidecar's own countdown.
    await expect
      .poll(async () => JSON.parse((await get('/livez')).body).remainingMs, {timeout: 5_000, interval: 50})
      .toBeLessThanOrEqual(1_000);
    const second = await get('/prestop');
    const firstAnswer = await first;
    expect([firstAnswer.status, second.status]).toEqual([200, 200]);
    // Joined: answered at the first drain's end, about 1s after it came; its own drain would have held it 2s.
    expect(JSON.parse(second.body).heldMs).toBeLessThan(JSON.parse(firstAnswer.body).heldMs - 500);
    expect(sidecar.logs.filter(phase('draining'))).toHaveLength(1);
  });

  test('SIGTERM during the drain (no native sidecars): stays until the drain ends, then refuses', async () => {
    const {sidecar, get} = await startSidecar(['--drain', '2s', '--refuse', '1s']);
    const prestop = get('/prestop');
    const draining = await sidecar.waitForLog(phase('draining'));
    process.kill(sidecar.pid, 'SIGTERM');
    await sidecar.waitForLog(/staying until the drain ends/);
    expect((await prestop).status).toBe(200);
    const refusing = await sidecar.waitForLog(phase('refusing'));
    expect(Number(refusing.elapsedMs) - Number(draining.elapsedMs)).toBeGreaterThanOrEqual(1_950);
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });

  test('SIGTERM without a preStop call: refuse, then exit 0', async () => {
    const {sidecar} = await startSidecar(['--refuse', '500ms']);
    process.kill(sidecar.pid, 'SIGTERM');
    await sidecar.waitForLog(phase('refusing'));
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });

  test('/metrics: graceful_phase has one series per sidecar phase, 1 for the current one', async () => {
    const {sidecar, get} = await startSidecar(['--refuse', '0']);
    const page = await get('/metrics');
    expect(page.status).toBe(200);
    const series = [...page.body.matchAll(/^graceful_phase\{phase="(\w+)"\} (\d)$/gm)];
    expect(series.map(([, name, value]) => `${name} ${value}`)).toEqual([
      'running 1',
      'draining 0',
      'stopping 0',
      'refusing 0',
      'exited 0',
    ]);
    process.kill(sidecar.pid, 'SIGTERM');
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });

  test('GRACEFUL_PRESTOP_TOKEN guards /prestop', async () => {
    const {sidecar, get} = await startSidecar(['--drain', '200ms'], {GRACEFUL_PRESTOP_TOKEN: 'tok'});
    expect((await get('/prestop')).status).toBe(403);
    expect(sidecar.logs.some(phase('draining'))).toBe(false);
    expect((await get('/prestop', {'X-Graceful-Token': 'tok'})).status).toBe(200);
  });

  test.each([
    [
      ['--drain', '30s', '--refuse', '10s', '--grace-period', '30s'],
      '--drain + --refuse (30s + 10s = 40s) exceed --grace-period (30s)',
    ],
    [['--health-port', 'http'], '--health-port: expected a TCP port'],
    [['--prestop-max', '-1'], '--prestop-max'],
    [['--stop-signal', 'SIGQUIT'], '--stop-signal: unknown option (see graceful sidecar --help)'],
    [['nginx'], 'unexpected "nginx": graceful sidecar takes no such argument'],
    [['--', 'nginx'], 'unexpected "nginx" after --: graceful sidecar runs no command'],
    [['--drain-readiness', 'later'], '--drain-readiness: expected one of unready, ready, got "later"'],
    [['--stop-wait', 'soon'], '--stop-wait: expected a duration'],
  ])('%j exits 2', async (args, message) => {
    const result = await runGraceful(['sidecar', ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
