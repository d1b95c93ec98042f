import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {describe, expect, onTestFinished, test} from 'vitest';
import {nodeFixture} from '../helpers/fixtures.ts';
import {CLI, runGraceful} from '../helpers/graceful.ts';
import {findProgram, missing} from '../helpers/prerequisites.ts';

const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}));
  return dir;
};

describe('--init and GRACEFUL_INIT', () => {
  // A camelCase flag sends the command line through yargs instead of the quick path (quick-parse.ts): both must refuse.
  test.each<[string, string[], Record<string, string>, string]>([
    [
      'the flag, quick path',
      ['--init', 'tini'],
      {},
      'graceful: --init: expected one of none, embedded, got "tini"',
    ],
    [
      'the flag, yargs path',
      ['--stopTimeout', '1s', '--init', 'dumb-init'],
      {},
      'graceful: --init: expected one of none, embedded, got "dumb-init"',
    ],
    [
      'the variable',
      [],
      {GRACEFUL_INIT: 'yes'},
      'graceful: GRACEFUL_INIT="yes": --init: expected one of none, embedded, got "yes"',
    ],
    [
      // The flag's value is the flag's error, whatever the variable says.
      'the flag beside the variable',
      ['--init', 'bogus'],
      {GRACEFUL_INIT: 'bogus'},
      'graceful: --init: expected one of none, embedded, got "bogus"',
    ],
  ])('a bad value from %s exits 2 with one line and starts nothing', async (_, args, env, message) => {
    const marker = join(tempDir('graceful-init-usage-'), 'started');
    const result = await runGraceful(
      [...args, '--', ...nodeFixture('print-signals.mjs', '--marker', marker, '--exit-on', 'SIGTERM')],
      {env},
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(message);
    expect(existsSync(marker)).toBe(false);
  });

  test('--init embedded outside PID 1 changes nothing', async () => {
    const result = await runGraceful([
      '--init',
      'embedded',
      '--drain',
      '0',
      '--refuse',
      '0',
      '--',
      'sh',
      '-c',
      'exit 3',
    ]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).not.toContain('PID 1');
  });
});

describe('_GRACEFUL_EMBEDDED_INIT in the npm package', () => {
  test('`_GRACEFUL_EMBEDDED_INIT=<dir>/x graceful --version` deletes nothing, and the command never sees it', async () => {
    const victim = tempDir('graceful-victim-');
    mkdirSync(join(victim, 'dir'));
    writeFileSync(join(victim, 'dir/x'), 'x');
    writeFileSync(join(victim, 'dir/keep'), 'keep');
    const everything = () => readdirSync(victim, {recursive: true, encoding: 'utf8'}).sort();
    const before = everything();
    for (const path of [join(victim, 'dir/x'), join(victim, 'dir'), victim, '/']) {
      const version = await runGraceful(['--version'], {env: {_GRACEFUL_EMBEDDED_INIT: path}});
      expect(version.exitCode, path).toBe(0);
      const wrapped = await runGraceful(
        ['--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'printenv _GRACEFUL_EMBEDDED_INIT || echo unset'],
        {env: {_GRACEFUL_EMBEDDED_INIT: path}},
      );
      expect(wrapped.stdout).toBe('unset');
      expect(wrapped.stderr).toContain(
        `ignored _GRACEFUL_EMBEDDED_INIT=${path}: the npm package never sets it`,
      );
      expect(everything(), path).toEqual(before);
    }
  });
});

describe.skipIf(missing('unshare'))('the npm package as PID 1 of a PID namespace', () => {
  // Runs the npm bundle as PID 1 with an empty $TMPDIR; returns its result and what /tmp gained.
  const runAsPid1 = async (args: string[]) => {
    const tmp = tempDir('graceful-pid1-tmpdir-');
    const inits = () => readdirSync('/tmp').filter((name) => name.startsWith('graceful-init-'));
    const before = inits();
    const result = await execa(
      findProgram('unshare') ?? 'unshare',
      ['--pid', '--fork', '--mount-proc', process.execPath, CLI, ...args],
      {env: {GRACEFUL_LOG_FORMAT: 'json', TMPDIR: tmp}, reject: false, timeout: 20_000},
    );
    return {
      result,
      tmpdirEntries: readdirSync(tmp),
      addedToTmp: inits().filter((name) => !before.includes(name)),
    };
  };

  test('--init none (the default) writes nothing and says once how zombies are handled', async () => {
    const run = await runAsPid1(['--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'readlink /proc/1/exe']);
    expect(run.result.exitCode).toBe(0);
    expect(run.result.stdout).toBe(process.execPath);
    const lines = run.result.stderr.split('\n').filter((line) => line.includes('PID 1'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"level":30');
    expect(lines[0]).toContain(
      'PID 1 is graceful itself (--init none): orphans re-parented to it stay zombies until the container ends; for a PID 1 that reaps them use shareProcessNamespace: true, tini in the image (tini -- graceful ...), docker run --init, or --init embedded',
    );
    expect(run.tmpdirEntries).toEqual([]);
    expect(run.addedToTmp).toEqual([]);
  });

  test('--init embedded warns that the npm package carries no init, writes nothing, and still runs the command', async () => {
    const run = await runAsPid1([
      '--init',
      'embedded',
      '--drain',
      '0',
      '--refuse',
      '0',
      '--',
      'sh',
      '-c',
      'exit 5',
    ]);
    expect(run.result.exitCode).toBe(5);
    expect(run.result.stderr).toContain(
      'running as PID 1 without an init, so orphaned zombies are not reaped: --init embedded: the npm package carries no init (the standalone binary does)',
    );
    expect(run.tmpdirEntries).toEqual([]);
    expect(run.addedToTmp).toEqual([]);
  });
});
