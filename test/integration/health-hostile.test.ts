import {describe, expect, test} from 'vitest';
import {startAttack} from '../helpers/attack.ts';
import {nodeFixture} from '../helpers/fixtures.ts';
import {type LogLine, runGraceful, startGraceful} from '../helpers/graceful.ts';
import {httpRequest} from '../helpers/http.ts';
import {freePort} from '../helpers/net.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name;

const startWrapper = async (args: string[]) => {
  const port = await freePort();
  const graceful = startGraceful([
    '--health-port',
    String(port),
    '--health-host',
    '127.0.0.1',
    ...args,
    '--',
    ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
  ]);
  await graceful.waitForLog(phase('running'));
  await expect.poll(async () => (await httpRequest(port, '/livez')).status).toBe(200);
  return {graceful, port};
};

describe('graceful --health-port (wrapper): the sidecar’s protections', () => {
  test('200 idle and 64 slowloris connections: /livez and /readyz still answer within 1 s', async () => {
    const {port} = await startWrapper([]);
    const attack = startAttack(port, {idle: 200, slow: 64});
    await attack.ready;
    const deadline = AbortSignal.timeout(20_000);
    let rounds = 0;
    while (attack.closedByServer() < 264 || rounds < 3) {
      expect(deadline.aborted, `the crowd was cut ${attack.closedByServer()} times`).toBe(false);
      expect((await httpRequest(port, '/livez', {timeoutMs: 1_000})).status).toBe(200);
      expect((await httpRequest(port, '/readyz', {timeoutMs: 1_000})).status).toBe(200);
      rounds++;
    }
  });

  test('--drain-readiness ready: /readyz stays 200 while draining, 503 once the child is stopped', async () => {
    const {graceful, port} = await startWrapper([
      '--drain-readiness',
      'ready',
      '--drain',
      '1s',
      '--refuse',
      '1s',
    ]);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(phase('draining'));
    const draining = await httpRequest(port, '/readyz');
    expect(draining.status).toBe(200);
    expect(JSON.parse(draining.body)).toMatchObject({phase: 'draining', ready: true});
    await graceful.waitForLog(phase('refusing'));
    expect((await httpRequest(port, '/readyz')).status).toBe(503);
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });

  test.each([
    [
      ['--health-port', '8090', '--drain-readiness', 'maybe'],
      '--drain-readiness: expected one of unready, ready, got "maybe"',
    ],
    [['--drain-readiness', 'ready'], '--drain-readiness: "ready" given without --health-port'],
  ])('%j exits 2 and starts nothing', async (args, message) => {
    const result = await runGraceful([...args, '--', 'sh', '-c', 'echo started']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain('started');
  });

  test('GRACEFUL_DRAIN_READINESS sets it too', async () => {
    const result = await runGraceful(['--health-port', '8090', '--', 'true'], {
      env: {GRACEFUL_DRAIN_READINESS: 'sometimes'},
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--drain-readiness: expected one of unready, ready, got "sometimes"');
  });
});
