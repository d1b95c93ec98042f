import {describe, expect, test} from 'vitest';
import {fixture, nodeFixture} from '../helpers/fixtures.ts';
import {CLI, type LogLine, type Started, startProcess} from '../helpers/graceful.ts';
import {findProgram, missing} from '../helpers/prerequisites.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name;
const SERVER_PORT = '8080';
const HEALTH_PORT = '8090';

// graceful in a network namespace of its own: no other test's connections reach its socket table.
const startInNetns = (args: string[]): Started =>
  startProcess(
    findProgram('unshare') ?? 'unshare',
    [
      '-n',
      'sh',
      '-c',
      `${findProgram('ip')} link set lo up && exec "$@"`,
      'sh',
      process.execPath,
      CLI,
      ...args,
    ],
    {env: {GRACEFUL_LOG_FORMAT: 'json'}},
  );

// Dials a port inside graceful's namespace every `intervalMs` for `durationMs`.
const dialInside = (graceful: Started, port: string, intervalMs: number, durationMs: number): Started =>
  startProcess(findProgram('nsenter') ?? 'nsenter', [
    `--net=/proc/${graceful.pid}/ns/net`,
    process.execPath,
    fixture('connect-loop.mjs'),
    '127.0.0.1',
    port,
    String(intervalMs),
    String(durationMs),
  ]);

const drainMs = (graceful: Started): number => {
  const draining = graceful.logs.find(phase('draining')) as LogLine;
  const stopping = graceful.logs.find(phase('stopping')) as LogLine;
  return Number(stopping.elapsedMs) - Number(draining.elapsedMs);
};

const startServer = async (drainArgs: string[]): Promise<Started> => {
  const graceful = startInNetns([
    ...drainArgs,
    '--health-port',
    HEALTH_PORT,
    '--refuse',
    '0',
    '--',
    ...nodeFixture('tcp-server.mjs', SERVER_PORT),
  ]);
  await graceful.waitForStdout(/listening/);
  return graceful;
};

describe.skipIf(missing('unshare', 'netns'))('quiet drain (--drain-min, --quiet)', () => {
  test('no client arrives: the drain ends after --drain-min, not --drain; health probes do not count', async () => {
    const graceful = await startServer(['--drain', '20s', '--drain-min', '1s', '--quiet', '500ms']);
    const probes = dialInside(graceful, HEALTH_PORT, 50, 6_000);
    await probes.waitForStdout(/connected 1\n/);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(/ending the drain after/);
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    expect(drainMs(graceful)).toBeGreaterThanOrEqual(950);
    expect(drainMs(graceful)).toBeLessThan(5_000);
    expect(probes.stdout()).toMatch(/connected \d+\n[\s\S]*connected \d+\n/);
  });

  test('clients that stop arriving let the pod leave well before --drain, with no failed dial', async () => {
    const graceful = await startServer(['--drain', '20s', '--quiet', '1s']);
    const clients = dialInside(graceful, SERVER_PORT, 50, 2_000);
    await clients.waitForStdout(/connected 1\n/);
    process.kill(graceful.pid, 'SIGTERM');
    await clients.waitForStdout(/done\n/);
    const quiet = await graceful.waitForLog(/ending the drain after/);
    expect(Number(quiet.connections)).toBeGreaterThan(5);
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    expect(drainMs(graceful)).toBeGreaterThanOrEqual(1_500);
    expect(drainMs(graceful)).toBeLessThan(8_000);
    expect(clients.stdout()).not.toContain('failed');
  });

  test('a client that keeps arriving keeps the drain to --drain', async () => {
    const graceful = await startServer(['--drain', '3s', '--quiet', '1s']);
    const clients = dialInside(graceful, SERVER_PORT, 200, 8_000);
    await clients.waitForStdout(/connected 1\n/);
    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    expect(drainMs(graceful)).toBeGreaterThanOrEqual(2_950);
    expect(graceful.logs.some((line) => /ending the drain after/.test(line.msg ?? ''))).toBe(false);
  });

  test('sidecar: /prestop is answered once clients have stopped arriving', async () => {
    const sidecar = startInNetns([
      'sidecar',
      '--health-port',
      HEALTH_PORT,
      '--drain',
      '20s',
      '--quiet',
      '500ms',
      '--drain-min',
      '1s',
    ]);
    await sidecar.waitForLog(phase('running'));
    const prestop = startProcess(findProgram('nsenter') ?? 'nsenter', [
      `--net=/proc/${sidecar.pid}/ns/net`,
      process.execPath,
      '-e',
      `require('http').get('http://127.0.0.1:${HEALTH_PORT}/prestop', (r) => console.log('status', r.statusCode))`,
    ]);
    await prestop.waitForStdout(/status 200/);
    const draining = sidecar.logs.find(phase('draining')) as LogLine;
    const stopping = await sidecar.waitForLog(phase('stopping'));
    expect(Number(stopping.elapsedMs) - Number(draining.elapsedMs)).toBeLessThan(5_000);
    expect(sidecar.logs.some((line) => /ending the drain after/.test(line.msg ?? ''))).toBe(true);
  });
});
