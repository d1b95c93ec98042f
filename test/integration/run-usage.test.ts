import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {nodeFixture} from '../helpers/fixtures.ts';
import {runGraceful} from '../helpers/graceful.ts';

describe('bad input exits 2 with one line and starts nothing', () => {
  test.each<[string, string[], Record<string, string>, string]>([
    [
      'bad duration',
      ['--drain', '5x'],
      {},
      '--drain: expected a duration such as 250ms, 45s, 2m, 1m30s or a number of seconds, got "5x"',
    ],
    ['bad duration from env', [], {GRACEFUL_REFUSE: 'later'}, '--refuse: expected a duration'],
    ['missing duration', ['--stop-timeout'], {}, '--stop-timeout: expected a duration'],
    [
      'unknown signal',
      ['--stop-signal', 'SIGNOPE'],
      {},
      '--stop-signal: expected a signal such as SIGQUIT, QUIT or 3, got "SIGNOPE"',
    ],
    [
      'uncatchable shutdown signal',
      ['--shutdown-signals', 'SIGKILL'],
      {},
      '--shutdown-signals: SIGKILL cannot be caught',
    ],
    [
      'bad rewrite',
      ['--rewrite', 'HUP'],
      {},
      '--rewrite: expected FROM:TO such as SIGHUP:SIGUSR1, got "HUP"',
    ],
    ['unknown flag', ['--drian', '5s'], {}, '--drian: unknown option (see graceful --help)'],
    // Names yargs checks with a plain object lookup; refused before that check runs.
    ['flag named like an object property', ['--constructor', '1'], {}, '--constructor: unknown option'],
    // Forms yargs splits into other keys: no variable set them, so the command line did.
    ['dotted unknown flag', ['--log.level', 'debug'], {}, '--log: unknown option'],
    ['bundled unknown shorts', ['-x5'], {}, '-x: unknown option'],
    [
      'repeatable flag without a value',
      ['--rewrite'],
      {},
      '--rewrite: expected FROM:TO such as SIGHUP:SIGUSR1, got none',
    ],
    [
      'health host',
      ['--health-port', '18099', '--health-host', '-'],
      {},
      '--health-host: expected a host name',
    ],
    ['bad log level', ['--log-level', 'loud'], {}, '--log-level: expected one of'],
    ['bad boolean', ['--signal-group=maybe'], {}, '--signal-group: expected true or false, got "maybe"'],
    [
      'budget over the grace period',
      ['--drain', '45s', '--stop-timeout', '60s', '--refuse', '20s', '--grace-period', '2m'],
      {},
      '--drain + --stop-timeout + --refuse (45s + 1m + 20s = 2m5s) exceed --grace-period (2m): the kubelet would SIGKILL first',
    ],
  ])('%s', async (_, flags, env, message) => {
    const marker = join(mkdtempSync(join(tmpdir(), 'graceful-usage-')), 'started');
    const result = await runGraceful(
      [...flags, '--', ...nodeFixture('print-signals.mjs', '--marker', marker)],
      {env},
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `graceful: ${result.stderr.trim().slice('graceful: '.length)}`,
    ]);
    expect(result.stderr).toContain(message);
    expect(existsSync(marker)).toBe(false);
  });

  test('no command given', async () => {
    const result = await runGraceful(['--drain', '1s']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      'graceful: no command given: expected graceful [options] -- <command> [args...]',
    );
  });

  test('a command without -- is pointed at the fix', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'graceful-usage-')), 'started');
    const result = await runGraceful(['touch', marker]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('put -- before the command, as in graceful [options] -- touch');
    expect(existsSync(marker)).toBe(false);
  });

  test('--help lists every option with its environment variable and exits 0', async () => {
    const result = await runGraceful(['--help']);
    expect(result.exitCode).toBe(0);
    for (const name of [
      'drain',
      'stop-signal',
      'stop-timeout',
      'refuse',
      'grace-period',
      'shutdown-signals',
      'rewrite',
      'signal-group',
      'log-level',
      'log-format',
    ]) {
      expect(result.stdout).toContain(`--${name}`);
      expect(result.stdout.replaceAll(/\s+/g, ' ')).toContain(
        `GRACEFUL_${name.toUpperCase().replaceAll('-', '_')}`,
      );
    }
  });

  test('--version prints the package, its version, the form and the Node.js it runs on', async () => {
    const result = await runGraceful(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^graceful-pod \d+\.\d+\.\d+ \(npm package\) on Node\.js v\d+\.\d+\.\d+, linux-\w+$/,
    );
  });
});

test('GRACEFUL_* variables that are no option (Kubernetes service links for a Service named graceful) are ignored with a warning', async () => {
  const result = await runGraceful(['--', ...nodeFixture('exit-with.mjs', 'code', '0')], {
    env: {GRACEFUL_SERVICE_HOST: '10.96.0.10', GRACEFUL_PORT: 'tcp://10.96.0.10:80'},
  });
  expect(result.exitCode).toBe(0);
  expect(result.stderr).toContain('ignored GRACEFUL_SERVICE_HOST, GRACEFUL_PORT: no option of graceful');
});
