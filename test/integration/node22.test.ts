import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {describe, expect, test} from 'vitest';
import packageJson from '../../package.json' with {type: 'json'};
import {CLI, type LogLine, startProcess} from '../helpers/graceful.ts';
import {httpRequest} from '../helpers/http.ts';
import {freePort, tryConnect} from '../helpers/net.ts';
import {missingNode22, NODE22} from '../helpers/node22.ts';

// The npm bundle on Node.js 22, the oldest the package's engines field allows (and Alpine's nodejs package).
const SKIP = missingNode22();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const phase = (name: string) => (line: LogLine) => line.phase === name;
const run22 = async (args: string[], input = '') => {
  const result = await execa(NODE22, [CLI, ...args], {
    reject: false,
    input,
    timeout: 30_000,
    env: {GRACEFUL_LOG_FORMAT: 'json'},
  });
  return {exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr};
};
const start22 = (args: string[]) =>
  startProcess(NODE22, [CLI, ...args], {env: {GRACEFUL_LOG_FORMAT: 'json'}});

describe.skipIf(SKIP)('the npm bundle on Node.js 22', () => {
  test('the test runtime really is Node.js 22, and the engines field allows it', async () => {
    expect(execFileSync(NODE22, ['--version'], {encoding: 'utf8'})).toMatch(/^v22\./);
    expect(packageJson.engines.node).toBe('>=22.3');
    expect(await run22(['--version'])).toMatchObject({
      exitCode: 0,
      stdout: `${packageJson.name} ${packageJson.version} (npm package) on Node.js ${execFileSync(NODE22, ['--version'], {encoding: 'utf8'}).trim()}, ${process.platform}-${process.arch}`,
    });
  });

  test('wrapper: drains, stops and refuses around a real server with real signals', async () => {
    const port = await freePort();
    const graceful = start22([
      '--drain',
      '1s',
      '--refuse',
      '1s',
      '--',
      NODE22,
      `${ROOT}examples/local/server.mjs`,
      String(port),
    ]);
    await graceful.waitForStdout(/listening on/);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(phase('draining'));
    expect(await tryConnect(port)).toBe('connected');
    await graceful.waitForLog(phase('refusing'));
    expect(await tryConnect(port)).toBe('refused');
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });

  test('sidecar: /prestop is held for the drain, SIGTERM then refuses and exits 0', async () => {
    const port = await freePort();
    const sidecar = start22([
      'sidecar',
      '--health-port',
      String(port),
      '--health-host',
      '127.0.0.1',
      '--drain',
      '1s',
      '--refuse',
      '1s',
    ]);
    await sidecar.waitForLog(phase('running'));
    expect((await httpRequest(port, '/readyz')).status).toBe(200);
    const prestop = httpRequest(port, '/prestop');
    await sidecar.waitForLog(phase('draining'));
    expect((await httpRequest(port, '/readyz')).status).toBe(503);
    expect((await prestop).status).toBe(200);
    process.kill(sidecar.pid, 'SIGTERM');
    await sidecar.waitForLog(phase('refusing'));
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });

  test('exit status: the child exit code passes through; a usage error is 2', async () => {
    expect(
      (await run22(['--drain', '0', '--refuse', '0', '--', NODE22, '-e', 'process.exit(7)'])).exitCode,
    ).toBe(7);
    const usage = await run22(['--drain', 'soon', '--', 'true']);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain('--drain: expected a duration');
  });

  test('plan, inject from stdin and plan --check of the result', async () => {
    expect((await run22(['plan', '--server', 'nginx'])).stdout).toMatch(
      /^terminationGracePeriodSeconds: 60$/m,
    );
    const manifest = readFileSync(`${ROOT}test/fixtures/manifests/deployment.yaml`, 'utf8');
    const injected = await run22(['inject', '-'], manifest);
    expect(injected.exitCode).toBe(0);
    const check = await run22(['plan', '--check', '-'], injected.stdout);
    expect(check.stdout).toMatch(/<stdin>: ok/);
    expect(check.exitCode).toBe(0);
    expect((await run22(['plan', '--check', `${ROOT}test/fixtures/broken/aws-nlb.yaml`])).exitCode).toBe(1);
  });

  test('dial: connects to a listening port and reports it', async () => {
    const port = await freePort();
    const server = startProcess(NODE22, [`${ROOT}examples/local/server.mjs`, String(port)]);
    await server.waitForStdout(/listening on/);
    const dial = await run22(['dial', `127.0.0.1:${port}`, '--count', '3', '--interval', '50ms']);
    expect(dial.stdout).toMatch(/connected 3/);
    expect(dial.exitCode).toBe(0);
  });
});
