import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {execa} from 'execa';
import {describe, expect, onTestFinished, test} from 'vitest';
import {listProcesses, readProcStat} from '../../src/proc/processes.ts';
import {nodeFixture} from '../helpers/fixtures.ts';
import {CLI, isAlive, killTree, type LogLine, startGraceful, startProcess} from '../helpers/graceful.ts';
import {freePort, tryConnect} from '../helpers/net.ts';
import {findProgram, missing} from '../helpers/prerequisites.ts';

const MB2 = 2_000_000;
const O_NONBLOCK = 0o4000;
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const phase = (name: string) => (line: LogLine) => line.phase === name;
const countNul = (text: string): number => text.split('\0').length - 1;

// A child that says `ready`, and on SIGUSR1 writes 2 MB of NUL bytes to stdout and to stderr, then its
// descriptors' flags, and exits: the bytes come after graceful has logged (and loaded pino).
const WRITER = [
  'sh',
  '-c',
  "trap 'head -c 2000000 /dev/zero; head -c 2000000 /dev/zero >&2; grep flags /proc/$$/fdinfo/0 /proc/$$/fdinfo/1 /proc/$$/fdinfo/2; exit 0' USR1; echo ready; while :; do sleep 0.02; done",
];

// The status flags the child printed for descriptors 0, 1 and 2, as numbers.
const childFlags = (stdout: string): number[] =>
  [...stdout.matchAll(/fdinfo\/\d:flags:\s+(\d+)/g)].map((match) => Number.parseInt(match[1] ?? '', 8));

describe('the child sees its stdio as graceful found it', () => {
  test.each(LEVELS.flatMap((level) => (['json', 'pretty'] as const).map((format) => ({level, format}))))(
    '2 MB through stdout and through stderr arrive whole at --log-level $level, $format',
    async ({level, format}) => {
      const graceful = startGraceful([
        '--log-level',
        level,
        '--log-format',
        format,
        '--drain',
        '0',
        '--',
        ...WRITER,
      ]);
      await graceful.waitForStdout(/ready/);
      if (level !== 'silent' && level !== 'warn' && level !== 'error' && level !== 'fatal') {
        await graceful.waitForLog(/running/);
      }

      process.kill(graceful.pid, 'SIGUSR1');
      expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
      expect(countNul(graceful.stdout())).toBe(MB2);
      expect(countNul(graceful.stderr())).toBe(MB2);
      const flags = childFlags(graceful.stdout());
      expect(flags).toHaveLength(3);
      for (const flag of flags) expect(flag & O_NONBLOCK).toBe(0);
    },
  );

  test('the child gets the same status flags on 0, 1 and 2 as without graceful', async () => {
    const show = ['sh', '-c', 'grep flags /proc/$$/fdinfo/0 /proc/$$/fdinfo/1 /proc/$$/fdinfo/2'];
    const direct = await execa(show[0] ?? 'sh', show.slice(1), {stdin: 'pipe', reject: false});
    const wrapped = await execa(process.execPath, [CLI, '--drain', '0', '--refuse', '0', '--', ...show], {
      stdin: 'pipe',
      reject: false,
    });
    expect(childFlags(wrapped.stdout)).toEqual(childFlags(direct.stdout));
  });

  test('a stdout whose reader went away stays broken for the child: it dies of SIGPIPE, as under tini', async () => {
    const graceful = startGraceful(
      ['--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'echo ready; read line; exec yes'],
      // stdin stays open until 'go': with it ended at the start, yes could write before the reader goes away, and
      // a socket closed with unread data resets, so yes would see ECONNRESET instead of SIGPIPE.
      {openStdin: true},
    );
    await graceful.waitForStdout(/ready/);
    graceful.subprocess.stdout?.destroy();
    graceful.subprocess.stdin?.end('go\n');
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 128 + 13});
  });

  test('descriptors above 2 reach the child at their numbers, unchanged', async () => {
    const graceful = execa(
      process.execPath,
      [CLI, '--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'echo through-3 >&3; echo through-5 >&5'],
      {stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'ignore', 'pipe'], reject: false, buffer: false},
    );
    const read = (fd: number): Promise<string> =>
      new Promise((resolve) => {
        let text = '';
        const stream = graceful.stdio[fd] as NodeJS.ReadableStream;
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          text += chunk;
        });
        stream.on('end', () => resolve(text));
      });
    const [three, five, result] = await Promise.all([read(3), read(5), graceful]);
    expect(result.exitCode).toBe(0);
    expect(three).toBe('through-3\n');
    expect(five).toBe('through-5\n');
  });
});

describe('a stderr that is closed, full or stalled', () => {
  test("without a reader, graceful's own SIGPIPE is never forwarded and the windows run", async () => {
    const graceful = startGraceful([
      '--drain',
      '300ms',
      '--refuse',
      '300ms',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    // Close the only reader of graceful's stderr: its next log line raises SIGPIPE at graceful.
    graceful.subprocess.stderr?.destroy();
    process.kill(graceful.pid, 'SIGHUP');
    await graceful.waitForStdout(/signal SIGHUP/);
    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
    expect(graceful.stdout().match(/signal \w+/g)).toEqual(['signal SIGHUP', 'signal SIGTERM']);
  });

  test('stalled, the windows still run, /livez answers, and dropped lines are counted once it moves', async () => {
    const port = await freePort();
    // The child fills the pipe behind graceful's stderr that the test does not read yet.
    const child = [
      'sh',
      '-c',
      `(head -c 300000 /dev/zero >&2 &); exec ${nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM').join(' ')}`,
    ];
    const graceful = startProcess(
      process.execPath,
      [
        CLI,
        '--log-level',
        'debug',
        '--health-port',
        String(port),
        '--drain',
        '500ms',
        '--refuse',
        '300ms',
        '--',
        ...child,
      ],
      {env: {GRACEFUL_LOG_FORMAT: 'json'}},
    );
    graceful.subprocess.stderr?.pause();
    await graceful.waitForStdout(/ready \d+/);
    // Each forwarded signal logs a line at debug: 3,000 of them are far more than a stalled pipe takes. Signals
    // sent at once merge, so the test waits for each to arrive before it sends the next.
    const received = (): number => graceful.stdout().split('signal SIGUSR2').length - 1;
    for (let index = 0; index < 3_000; index += 1) {
      process.kill(graceful.pid, 'SIGUSR2');
      while (received() <= index) {
        await once(graceful.subprocess.stdout as NodeJS.ReadableStream, 'data', {
          signal: AbortSignal.timeout(5_000),
        });
      }
    }

    const livez = await fetch(`http://127.0.0.1:${port}/livez`, {signal: AbortSignal.timeout(2_000)});
    expect(livez.status).toBe(200);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForStdout(/signal SIGTERM/);
    graceful.subprocess.stderr?.resume();
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
    await graceful.waitForLog(/log lines were dropped/);
    expect(graceful.logs.find(phase('exited'))?.msg).toBe('exited with status 0');
  });
});

// Every process still running whose command line holds `marker`.
const withMarker = (marker: string): number[] =>
  listProcesses()
    .filter(({pid}) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(({pid}) => pid);

// SIGTERM to `pid` every 2 ms for the first 100 ms.
const storm = async (pid: () => number | undefined): Promise<void> => {
  const until = performance.now() + 100;
  while (performance.now() < until) {
    const target = pid();
    if (target !== undefined) {
      try {
        process.kill(target, 'SIGTERM');
      } catch {}
    }

    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

describe('signals from the first instruction', () => {
  test('a SIGTERM storm in the first 100 ms: a prompt exit and no orphan', async () => {
    const marker = `storm-${process.pid}-${Date.now()}`;
    const graceful = startGraceful([
      '--drain',
      '30s',
      '--refuse',
      '30s',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM', marker),
    ]);
    await storm(() => graceful.pid);
    // The storm ended whatever graceful was doing; the windows (30 s each) were not waited for.
    const {exitCode, signal} = await graceful.waitForExit(10_000);
    expect(exitCode ?? signal).toBeDefined();
    await expect.poll(() => withMarker(marker), {timeout: 5_000}).toEqual([]);
  });

  test.skipIf(missing('unshare'))('the same storm at graceful as PID 1 of a PID namespace', async () => {
    const marker = `storm1-${process.pid}-${Date.now()}`;
    const unshare = startProcess(findProgram('unshare') ?? 'unshare', [
      '--pid',
      '--fork',
      '--mount-proc',
      process.execPath,
      CLI,
      '--drain',
      '30s',
      '--refuse',
      '30s',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM', marker),
    ]);
    const init = (): number | undefined => listProcesses().find((stat) => stat.ppid === unshare.pid)?.pid;
    await expect.poll(init, {timeout: 5_000}).toBeDefined();
    await storm(init);
    // As PID 1, a SIGTERM before graceful's handlers exist is dropped by the kernel; the later ones are caught.
    await unshare.waitForExit(20_000);
    await expect.poll(() => withMarker(marker), {timeout: 5_000}).toEqual([]);
  });

  test('a SIGTERM before the child starts means it is never started', async () => {
    const graceful = startGraceful(['--', ...nodeFixture('print-signals.mjs')], {});
    process.kill(graceful.pid, 'SIGTERM');
    const {exitCode, signal} = await graceful.waitForExit();
    // Either graceful's handlers were not there yet (Node.js start-up) or graceful saw it before the spawn.
    if (signal === undefined) {
      expect(exitCode).toBe(143);
      expect(graceful.stdout()).not.toMatch(/ready/);
    } else {
      expect(signal).toBe('SIGTERM');
    }
  });
});

describe('signals that must not hurt graceful', () => {
  test('SIGUSR1 never opens the inspector', async () => {
    expect(await tryConnect(9229)).toBe('refused');
    const graceful = startGraceful([
      '--drain',
      '0',
      '--refuse',
      '0',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    process.kill(graceful.pid, 'SIGUSR1');
    await graceful.waitForStdout(/signal SIGUSR1/);
    expect(await tryConnect(9229)).toBe('refused');
    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
  });

  test('SIGTTIN and SIGTTOU do not stop graceful', async () => {
    const graceful = startGraceful([
      '--drain',
      '0',
      '--refuse',
      '0',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
    ]);
    await graceful.waitForStdout(/ready \d+/);
    process.kill(graceful.pid, 'SIGTTIN');
    process.kill(graceful.pid, 'SIGTTOU');
    process.kill(graceful.pid, 'SIGUSR2');
    // graceful forwarded the SIGUSR2 sent after them, so it was not stopped.
    await graceful.waitForStdout(/signal SIGUSR2/);
    expect(readProcStat(graceful.pid)?.state).not.toBe('T');
    expect(graceful.stdout()).not.toMatch(/SIGTT/);
    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
  });

  test.each(['SIGILL', 'SIGTRAP', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGSYS'] as const)(
    '%s sent with kill(2) ends graceful with 128 + N, after its child group',
    async (signal) => {
      const graceful = startGraceful(['--', ...nodeFixture('print-signals.mjs')]);
      const [, pid] = await graceful.waitForStdout(/ready (\d+)/);
      process.kill(graceful.pid, signal);
      const {exitCode} = await graceful.waitForExit();
      expect(exitCode).toBe(128 + (await import('node:os')).constants.signals[signal]);
      await expect.poll(() => isAlive(Number(pid)), {timeout: 5_000}).toBe(false);
    },
  );
});

describe('durations', () => {
  test('the longest accepted window, 576h, is honoured: the drain does not end early', async () => {
    const graceful = startGraceful([
      '--drain',
      '576h',
      '--refuse',
      '0',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
    ]);
    onTestFinished(() => killTree(graceful.pid));
    await graceful.waitForStdout(/ready \d+/);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(phase('draining'));
    // A fixed wait may prove that something did not happen: the overflowed timer used to end it at once.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(graceful.logs.some(phase('stopping'))).toBe(false);
    process.kill(graceful.pid, 'SIGTERM');
    expect(await graceful.waitForExit()).toMatchObject({exitCode: 0});
  });
});
