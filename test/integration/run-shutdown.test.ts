import {describe, expect, test} from 'vitest';
import {findLiveGroupMembers} from '../../src/proc/processes.ts';
import {nodeFixture} from '../helpers/fixtures.ts';
import {isAlive, type LogLine, startGraceful} from '../helpers/graceful.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name;
const childPid = (stdout: string): number => Number(stdout.match(/ready (\d+)/)?.[1]);

describe('shutdown: drain → stop → refuse', () => {
  test('the child keeps running through the drain, gets the shutdown signal, then graceful refuses and exits with its status', async () => {
    const graceful = startGraceful([
      '--drain',
      '1s',
      '--refuse',
      '1s',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    const pid = childPid(graceful.stdout());
    process.kill(graceful.pid, 'SIGTERM');
    const draining = await graceful.waitForLog(phase('draining'));
    expect(draining).toMatchObject({windowMs: 1_000, pid});
    // Not forwarded: the child learns of the shutdown only when the drain ends.
    expect(graceful.stdout()).not.toContain('signal SIGTERM');
    expect(isAlive(pid)).toBe(true);
    const stopping = await graceful.waitForLog(phase('stopping'));
    await graceful.waitForStdout(/signal SIGTERM\n/);
    const refusing = await graceful.waitForLog(phase('refusing'));
    expect(isAlive(graceful.pid)).toBe(true);
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    const exited = graceful.logs.find(phase('exited')) as LogLine;
    // The windows ran in order; their lengths are measured by `npm run bench`, not asserted here.
    expect(Number(stopping.elapsedMs)).toBeGreaterThanOrEqual(Number(draining.elapsedMs));
    expect(Number(exited.elapsedMs)).toBeGreaterThanOrEqual(Number(refusing.elapsedMs));
    expect(graceful.logs.filter((line) => line.phase !== undefined).map((line) => line.phase)).toEqual([
      'running',
      'draining',
      'stopping',
      'refusing',
      'exited',
    ]);
  });

  test('--stop-signal replaces the shutdown signal; by default SIGINT stops with SIGINT', async () => {
    for (const [flags, shutdown, expected] of [
      [['--stop-signal', 'SIGQUIT'], 'SIGTERM', 'SIGQUIT'],
      [[], 'SIGINT', 'SIGINT'],
    ] as const) {
      const graceful = startGraceful([
        '--drain',
        '0',
        '--refuse',
        '0',
        ...flags,
        '--',
        ...nodeFixture('print-signals.mjs', '--exit-on', expected),
      ]);
      await graceful.waitForStdout(/ready \d+/);
      process.kill(graceful.pid, shutdown);
      await graceful.waitForStdout(new RegExp(`signal ${expected}\\n`));
      expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
    }
  });

  test('a child that ignores the stop signal is SIGKILLed after --stop-timeout with its whole group', async () => {
    const graceful = startGraceful([
      '--drain',
      '0',
      '--stop-timeout',
      '500ms',
      '--refuse',
      '0',
      '--',
      ...nodeFixture('print-signals.mjs', '--grandchild'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    await graceful.waitForStdout(/grandchild \d+/);
    const pid = childPid(graceful.stdout());
    const grandchild = Number(graceful.stdout().match(/grandchild (\d+)/)?.[1]);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(/SIGKILL to the child process group/);
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 137});
    // graceful exits only once its group holds no live process.
    expect(isAlive(pid)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
  });

  test('each further shutdown signal moves on at once: three Ctrl-C end it promptly, without a refuse window', async () => {
    const graceful = startGraceful([
      '--drain',
      '1m',
      '--stop-timeout',
      '1m',
      '--refuse',
      '1m',
      '--',
      ...nodeFixture('print-signals.mjs'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    process.kill(graceful.pid, 'SIGINT');
    await graceful.waitForLog(phase('draining'));
    process.kill(graceful.pid, 'SIGINT');
    await graceful.waitForLog(phase('stopping'));
    await graceful.waitForStdout(/signal SIGINT\n/);
    process.kill(graceful.pid, 'SIGINT');
    expect(await graceful.waitForExit(10_000)).toMatchObject({exitCode: 137});
    expect(graceful.logs.some(phase('refusing'))).toBe(false);
  });

  test('a second signal during the drain skips to stopping; one during refusing exits at once', async () => {
    const graceful = startGraceful([
      '--drain',
      '1m',
      '--refuse',
      '1m',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(phase('draining'));
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(phase('refusing'));
    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit(10_000)).toMatchObject({exitCode: 0});
  });

  test('the child crashes during the drain: graceful goes straight to refusing and keeps its status', async () => {
    const graceful = startGraceful([
      '--drain',
      '1m',
      '--refuse',
      '1s',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGUSR1'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(phase('draining'));
    process.kill(graceful.pid, 'SIGUSR1');
    await graceful.waitForLog(phase('refusing'));
    // A signal for a child that is gone is reported, not lost in silence.
    process.kill(graceful.pid, 'SIGHUP');
    await graceful.waitForLog(/child was gone when forwarding SIGHUP/);
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
    expect(graceful.logs.some(phase('stopping'))).toBe(false);
  });

  test('a repeated shutdown signal after exit is decided is only logged', async () => {
    const graceful = startGraceful([
      '--drain',
      '1m',
      '--stop-timeout',
      '1m',
      '--refuse',
      '1m',
      '--shutdown-signals',
      'SIGTERM',
      '--log-level',
      'debug',
      '--',
      ...nodeFixture('print-signals.mjs'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    // SIGINT is no shutdown signal here: it is forwarded, and the child ignores it.
    process.kill(graceful.pid, 'SIGINT');
    await graceful.waitForStdout(/signal SIGINT\n/);
    // The barrier: graceful has decided what SIGINT means once it logs the forward; a drain would come first.
    await graceful.waitForLog((line) => line.msg === 'forwarded SIGINT');
    expect(graceful.logs.some(phase('draining'))).toBe(false);
  });

  test('orphans the child leaves in its group are stopped: SIGTERM, then SIGKILL after --stop-timeout', async () => {
    const graceful = startGraceful([
      '--drain',
      '0',
      '--stop-timeout',
      '500ms',
      '--refuse',
      '0',
      '--',
      ...nodeFixture('print-signals.mjs', '--grandchild', '--exit-on', 'SIGTERM'),
    ]);
    await graceful.waitForStdout(/grandchild \d+/);
    const grandchild = Number(graceful.stdout().match(/grandchild (\d+)/)?.[1]);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(/processes left in the child process group: SIGTERM/);
    await graceful.waitForLog(/after the stop timeout: SIGKILL/);
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
    expect(isAlive(grandchild)).toBe(false);
  });

  test('a fault signal sent to graceful ends it only after the child group is killed', async () => {
    const graceful = startGraceful(['--', ...nodeFixture('print-signals.mjs', '--grandchild')]);
    await graceful.waitForStdout(/grandchild \d+/);
    const pid = childPid(graceful.stdout());
    // SIGABRT is not forwarded (it reports a fault in graceful itself): graceful ends with 128 + 6.
    process.kill(graceful.pid, 'SIGABRT');
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 134});
    await expect.poll(() => isAlive(pid), {timeout: 5_000}).toBe(false);
    await expect.poll(() => findLiveGroupMembers(pid), {timeout: 5_000}).toEqual([]);
  });
});
