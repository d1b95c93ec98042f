import {describe, expect, test} from 'vitest';
import {nodeFixture} from '../helpers/fixtures.ts';
import {isAlive, startGraceful} from '../helpers/graceful.ts';

const FORWARDED = [
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
  'SIGCONT',
  'SIGTSTP',
  'SIGALRM',
  'SIGPIPE',
  'SIGURG',
  'SIGPWR',
  'SIGPROF',
  'SIGIO',
  'SIGVTALRM',
  'SIGXCPU',
] as const;

describe('signal forwarding', () => {
  test('every catchable signal but the shutdown signals reaches the child', async () => {
    const graceful = startGraceful([
      '--drain',
      '0',
      '--refuse',
      '0',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    for (const signal of FORWARDED) {
      process.kill(graceful.pid, signal);
      await graceful.waitForStdout(new RegExp(`signal ${signal}\\n`));
    }

    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
    const received = graceful.stdout().match(/signal \w+/g) ?? [];
    // Each signal arrived once, in order, and the SIGTERM only as the stop signal.
    expect(received).toEqual([...FORWARDED.map((signal) => `signal ${signal}`), 'signal SIGTERM']);
  });

  test('--rewrite changes the forwarded signal', async () => {
    const graceful = startGraceful([
      '--rewrite',
      'SIGHUP:SIGUSR1',
      '--rewrite',
      'USR2:WINCH',
      '--',
      ...nodeFixture('print-signals.mjs'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    process.kill(graceful.pid, 'SIGHUP');
    await graceful.waitForStdout(/signal SIGUSR1\n/);
    process.kill(graceful.pid, 'SIGUSR2');
    await graceful.waitForStdout(/signal SIGWINCH\n/);
    expect(graceful.stdout()).not.toContain('signal SIGHUP');
    expect(graceful.stdout()).not.toContain('signal SIGUSR2');
  });

  test('without --signal-group only the child gets a forwarded signal; with it, the whole group', async () => {
    for (const group of [false, true]) {
      const graceful = startGraceful([
        ...(group ? ['--signal-group'] : []),
        '--',
        ...nodeFixture('print-signals.mjs', '--grandchild'),
      ]);
      await graceful.waitForStdout(/ready \d+/);
      await graceful.waitForStdout(/grandchild \d+/);
      process.kill(graceful.pid, 'SIGUSR2');
      await graceful.waitForStdout(/signal SIGUSR2\n/);
      // The grandchild dies on SIGUSR2 (default action) only when the group is signalled.
      const grandchild = Number(graceful.stdout().match(/grandchild (\d+)/)?.[1]);
      if (group) {
        await expect.poll(() => isAlive(grandchild), {timeout: 5_000}).toBe(false);
      } else {
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(isAlive(grandchild)).toBe(true);
      }
    }
  });
});
