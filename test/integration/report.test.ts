import {execFileSync} from 'node:child_process';
import {describe, expect, test} from 'vitest';
import {fixture, nodeFixture} from '../helpers/fixtures.ts';
import {CLI, type LogLine, type Started, startGraceful, startProcess} from '../helpers/graceful.ts';
import {httpRequest} from '../helpers/http.ts';
import {freePort} from '../helpers/net.ts';
import {createNginxSite} from '../helpers/nginx.ts';
import {findProgram, missing} from '../helpers/prerequisites.ts';

const SERVER_PORT = 8080;

interface Report {
  drain: {enough: boolean; ms: number; connections: number; lastArrivalMs: number | null};
  refuse: {enough: boolean; ms: number; refused: number; lastRefusedMs: number | null};
  suggested: {drainMs: number; refuseMs: number; flags: string};
}

// graceful and nginx in a network namespace of their own, so that no other test's connections reach the
// counters the report reads.
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

// Connects to nginx inside graceful's namespace every 50 ms until stopped.
const connectInside = (graceful: Started): Started =>
  startProcess(findProgram('nsenter') ?? 'nsenter', [
    `--net=/proc/${graceful.pid}/ns/net`,
    process.execPath,
    fixture('connect-loop.mjs'),
    '127.0.0.1',
    String(SERVER_PORT),
    '50',
    '60000',
  ]);

const startNginx = (drainMs: number, refuseMs: number): Started => {
  const site = createNginxSite({port: SERVER_PORT});
  return startInNetns([
    '--drain',
    `${drainMs}ms`,
    '--stop-signal',
    'SIGQUIT',
    '--stop-timeout',
    '5s',
    '--refuse',
    `${refuseMs}ms`,
    '--',
    ...site.command,
  ]);
};

const reportOf = (graceful: Started): Report => {
  const lines = graceful.logs.filter((line: LogLine) => line.report !== undefined);
  expect(lines).toHaveLength(1);
  return lines[0]?.report as Report;
};

describe.skipIf(missing('unshare', 'netns', 'nginx'))('the shutdown report, with a real nginx', () => {
  test('a client that keeps connecting through drain and refuse: neither window was enough, suggestions above both', async () => {
    const graceful = startNginx(1_000, 1_000);
    const client = connectInside(graceful);
    await client.waitForStdout(/connected 20\n/);
    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    const report = reportOf(graceful);
    expect(report.drain).toMatchObject({enough: false});
    expect(report.drain.connections).toBeGreaterThan(5);
    expect(report.refuse).toMatchObject({enough: false});
    expect(report.refuse.refused).toBeGreaterThan(5);
    expect(report.suggested.drainMs).toBeGreaterThan(1_000);
    expect(report.suggested.refuseMs).toBeGreaterThan(1_000);
    expect(graceful.logs.find((line) => line.report !== undefined)).toMatchObject({
      level: 30,
      severity: 'INFO',
      msg: expect.stringMatching(
        /^shutdown report: drain TOO SHORT, refuse TOO SHORT; suggested --drain \d+s/,
      ),
    });
  });

  test('a client that stops at SIGTERM: both windows were enough', async () => {
    const graceful = startNginx(1_000, 1_000);
    const client = connectInside(graceful);
    await client.waitForStdout(/connected 20\n/);
    client.subprocess.kill('SIGKILL');
    await client.waitForExit();
    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    const report = reportOf(graceful);
    expect(report.drain).toMatchObject({enough: true, connections: 0, lastArrivalMs: null});
    expect(report.refuse).toMatchObject({enough: true, refused: 0, lastRefusedMs: null});
  });

  test('sidecar: a report once the kubelet drained and stopped the pod', async () => {
    const sidecar = startInNetns(['sidecar', '--health-port', '8090', '--drain', '1s', '--refuse', '1s']);
    await sidecar.waitForLog((line) => line.phase === 'running');
    const prestop = startProcess(findProgram('nsenter') ?? 'nsenter', [
      `--net=/proc/${sidecar.pid}/ns/net`,
      process.execPath,
      '-e',
      "require('http').get('http://127.0.0.1:8090/prestop', (r) => console.log('status', r.statusCode))",
    ]);
    await prestop.waitForStdout(/status 200/);
    await sidecar.waitForLog((line) => line.phase === 'stopping');
    process.kill(sidecar.pid, 'SIGTERM');
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    const report = reportOf(sidecar);
    // The held /prestop call is graceful's own connection, not a client.
    expect(report.drain).toMatchObject({enough: true, connections: 0});
    expect(report.suggested.flags).toMatch(/^--drain \d+s --refuse \d+s$/);
  });

  test('no shutdown signal (the child exits by itself): no report', async () => {
    const graceful = startInNetns(['--', 'true']);
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    expect(graceful.logs.filter((line) => line.report !== undefined)).toEqual([]);
  });
});

describe('severity in JSON logs', () => {
  test("a label beside pino's numeric level, with Cloud Logging's names", async () => {
    const graceful = startGraceful(['--drain', '0', '--refuse', '0', '--', 'true'], {
      env: {GRACEFUL_NO_SUCH_OPTION: '1'},
    });
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    expect(
      graceful.logs.find((line) => /ignored GRACEFUL_NO_SUCH_OPTION/.test(line.msg ?? '')),
    ).toMatchObject({
      level: 40,
      severity: 'WARNING',
    });
    expect(graceful.logs.find((line) => line.phase === 'running')).toMatchObject({
      level: 30,
      severity: 'INFO',
    });
  });
});

const checkMetrics = (text: string): string =>
  execFileSync(findProgram('promtool') ?? 'promtool', ['check', 'metrics'], {input: text, encoding: 'utf8'});

describe.skipIf(missing('promtool'))('/metrics on the health port', () => {
  test('passes promtool while running and while draining, with the report so far once the drain began', async () => {
    const port = await freePort();
    const graceful = startGraceful([
      '--health-port',
      String(port),
      '--drain',
      '3s',
      '--refuse',
      '0',
      '--',
      ...nodeFixture('tcp-server.mjs', String(await freePort())),
    ]);
    await graceful.waitForStdout(/listening/);
    const running = await httpRequest(port, '/metrics');
    expect(running.status).toBe(200);
    expect(running.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(running.body).toMatch(/^graceful_phase\{phase="running"\} 1$/m);
    expect(running.body).toMatch(/^graceful_tcp_accepted_connections_total \d+$/m);
    expect(running.body).not.toContain('graceful_report_');
    expect(checkMetrics(running.body)).toBe('');

    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog((line) => line.phase === 'draining');
    const draining = await httpRequest(port, '/metrics');
    expect(draining.body).toMatch(/^graceful_phase\{phase="draining"\} 1$/m);
    expect(draining.body).toMatch(/^graceful_window_remaining_seconds (?:[12]\.\d+|3)$/m);
    expect(draining.body).toMatch(/^graceful_report_suggested_drain_seconds \d+$/m);
    expect(checkMetrics(draining.body)).toBe('');
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });
});
