import {execFileSync, spawn} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {describe, expect, onTestFinished, test} from 'vitest';
import {listProcesses, readProcStat} from '../../src/proc/processes.ts';
import {nodeFixture} from '../helpers/fixtures.ts';
import {
  CLI,
  isAlive,
  killTree,
  type LogLine,
  runGraceful,
  startGraceful,
  startProcess,
} from '../helpers/graceful.ts';
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
    const graceful = startGraceful([
      '--drain',
      '0',
      '--refuse',
      '0',
      '--',
      'sh',
      '-c',
      "trap 'exec yes' USR1; echo ready; while :; do sleep 0.02; done",
    ]);
    await graceful.waitForStdout(/ready/);
    graceful.subprocess.stdout?.destroy();
    process.kill(graceful.pid, 'SIGUSR1');
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

  test("stalled for good, graceful still exits, with the child's status", async () => {
    // graceful's stderr is a FIFO whose reader never reads, full before graceful starts.
    const dir = mkdtempSync(join(tmpdir(), 'graceful-fifo-'));
    onTestFinished(() => rmSync(dir, {recursive: true, force: true}));
    const fifo = join(dir, 'stderr');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    onTestFinished(() => {
      closeSync(reader);
      closeSync(writer);
    });
    try {
      for (;;) writeSync(writer, Buffer.alloc(4096));
    } catch {}
    const stderr = openSync(fifo, 'w');
    onTestFinished(() => closeSync(stderr));
    const graceful = spawn(process.execPath, [CLI, '--', 'sh', '-c', 'exit 7'], {
      stdio: ['ignore', 'ignore', stderr],
    });
    onTestFinished(() => killTree(graceful.pid ?? 0));
    const [code] = await once(graceful, 'exit', {signal: AbortSignal.timeout(20_000)});
    expect(code).toBe(7);
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

// SIGTERM to `pid` every 2 ms from its start until 100 ms after graceful's first log line: the whole of Node.js'
// start-up, however long a loaded machine makes it, and graceful's first instructions.
const storm = async (pid: () => number | undefined, logged: () => boolean): Promise<void> => {
  let until = Number.POSITIVE_INFINITY;
  const deadline = performance.now() + 10_000;
  while (performance.now() < Math.min(until, deadline)) {
    const target = pid();
    if (target !== undefined) {
      try {
        process.kill(target, 'SIGTERM');
      } catch {
        return;
      }

      if (!isAlive(target)) return;
    }

    if (until === Number.POSITIVE_INFINITY && logged()) until = performance.now() + 100;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

describe('signals from the first instruction', () => {
  test('a SIGTERM storm through start-up: a prompt exit and no orphan', async () => {
    const marker = `storm-${process.pid}-${Date.now()}`;
    const graceful = startGraceful([
      '--drain',
      '30s',
      '--refuse',
      '30s',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM', marker),
    ]);
    await storm(
      () => graceful.pid,
      () => graceful.logs.length > 0,
    );
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
    await storm(init, () => unshare.logs.length > 0);
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

describe('the environment', () => {
  test('a GRACEFUL_* service link is ignored with a warning that names it, and graceful runs', async () => {
    const link = 'tcp://10.96.0.12:8090';
    for (const extra of [[], ['--signal-group']]) {
      const result = await runGraceful(
        [...extra, '--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'exit 3'],
        {
          env: {GRACEFUL_HEALTH_PORT: link},
        },
      );
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain(`ignored GRACEFUL_HEALTH_PORT=${link}: a Kubernetes service link`);
    }
  });

  test('a bad value from a variable is an error naming the variable and its value, exit 2', async () => {
    const result = await runGraceful(['--', 'true'], {env: {GRACEFUL_STOP_TIMEOUT: 'soon'}});
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /^graceful: GRACEFUL_STOP_TIMEOUT="soon": --stop-timeout: expected a duration/,
    );
  });
});

// True once graceful's own code runs: it sets its process title first thing (after catching signals).
const titled = (pid: number): boolean => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('graceful');

describe('commands that do not supervise', () => {
  test('plan --check reading stdin ends on SIGINT as any program does', async () => {
    const plan = execa(process.execPath, [CLI, 'plan', '--check', '-'], {stdin: 'pipe', reject: false});
    onTestFinished(() => {
      plan.kill('SIGKILL');
    });
    await expect.poll(() => titled(plan.pid ?? 0), {timeout: 10_000}).toBe(true);
    process.kill(plan.pid ?? 0, 'SIGINT');
    const result = await plan;
    expect(result.signal).toBe('SIGINT');
  });
});
