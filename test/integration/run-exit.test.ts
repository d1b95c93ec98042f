import {chmodSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {nodeFixture} from '../helpers/fixtures.ts';
import {runGraceful} from '../helpers/graceful.ts';

const quick = ['--drain', '0', '--refuse', '0', '--stop-timeout', '5s'];

describe('exit status', () => {
  test.each([0, 3, 255])('the child exits %d: so does graceful, at once, without windows', async (code) => {
    const result = await runGraceful([
      '--drain',
      '30s',
      '--refuse',
      '30s',
      '--',
      ...nodeFixture('exit-with.mjs', 'code', String(code)),
    ]);
    expect(result.exitCode).toBe(code);
    expect(result.stderr).not.toContain('draining');
    expect(result.stderr).not.toContain('refusing');
    expect(result.stderr).toContain(`"status":${code}`);
  });

  test.each([
    ['SIGTERM', 143],
    ['SIGKILL', 137],
    ['SIGSEGV', 139],
    ['SIGABRT', 134],
  ])('the child dies by %s: graceful exits %d', async (signal, status) => {
    const result = await runGraceful([...quick, '--', ...nodeFixture('exit-with.mjs', 'signal', signal)]);
    expect(result.exitCode).toBe(status);
  });

  test('a command that does not exist exits 127 with one clear line', async () => {
    const result = await runGraceful(['--', 'graceful-no-such-command', '--flag']);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain('cannot run graceful-no-such-command: command not found (exit 127)');
  });

  test('a file that is not executable exits 126', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'graceful-')), 'script.sh');
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o644);
    const result = await runGraceful(['--', file]);
    expect(result.exitCode).toBe(126);
    expect(result.stderr).toContain(
      `cannot run ${file}: permission denied, the file is not executable (exit 126)`,
    );
  });
});
