import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {onTestFailed, onTestFinished} from 'vitest';
import {listProcesses, readProcStat} from '../../src/proc/processes.ts';
import {findDescendants, isDead} from '../../src/proc/stat.ts';

export const CLI = fileURLToPath(new URL('../../dist/graceful.mjs', import.meta.url));
const DEFAULT_TIMEOUT_MS = 15_000;

// One parsed JSON log line of graceful (stderr), or {msg: line} for plain text.
export type LogLine = Record<string, unknown> & {msg?: string};

export interface Started {
  subprocess: ReturnType<typeof spawn>;
  pid: number;
  // Every stderr line so far, parsed.
  logs: LogLine[];
  stdout: () => string;
  stderr: () => string;
  // Settles on the first log line (past or future) that matches, or rejects after the deadline saying what it awaited.
  waitForLog: (match: RegExp | ((line: LogLine) => boolean), timeoutMs?: number) => Promise<LogLine>;
  // Settles with the first stdout match (past or future), or rejects after the deadline.
  waitForStdout: (match: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  waitForExit: (timeoutMs?: number) => Promise<{exitCode: number | undefined; signal: string | undefined}>;
}

const parseLine = (line: string): LogLine => {
  try {
    const parsed = JSON.parse(line) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as LogLine) : {msg: line};
  } catch {
    return {msg: line};
  }
};

const spawn = (file: string, args: string[], options: StartOptions) =>
  execa(file, args, {
    reject: false,
    detached: true,
    cleanup: true,
    buffer: false,
    env: options.env,
    cwd: options.cwd,
    stdin: options.input === undefined && !options.openStdin ? 'ignore' : 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
  });

interface StartOptions {
  env?: Record<string, string>;
  cwd?: string;
  // Written to stdin, which then ends.
  input?: string;
  // A stdin pipe the test writes to and ends itself.
  openStdin?: boolean;
}

// Starts a program (by default the built CLI) with piped stdio in its own process group; the group is
// SIGKILLed when the test ends, and its output is printed if the test fails.
export const startProcess = (file: string, args: string[], options: StartOptions = {}): Started => {
  const subprocess = spawn(file, args, options);
  if (options.input !== undefined) {
    subprocess.stdin?.end(options.input);
  }

  const pid = subprocess.pid;
  if (pid === undefined) {
    throw new Error(`could not start ${file}`);
  }

  let stdout = '';
  let stderr = '';
  let pending = '';
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let exited = false;
  const wake = (): void => {
    for (const waiter of waiters) waiter();
  };
  void subprocess.then(() => {
    exited = true;
    wake();
  });
  subprocess.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    wake();
  });
  subprocess.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.filter((item) => item.trim() !== '')) {
      logs.push(parseLine(line));
    }

    wake();
  });

  onTestFinished(() => killTree(pid));
  onTestFailed(() => {
    console.error(`--- ${file} ${args.join(' ')}\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`);
  });

  // Waits until `find` returns something, the process exits without it, or the deadline passes.
  const waitFor = async <T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> => {
    const signal = AbortSignal.timeout(timeoutMs);
    for (;;) {
      const found = find();
      if (found !== undefined) {
        return found;
      }

      if (signal.aborted) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      }

      if (exited) {
        // Output may still be in flight right after the exit.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const late = find();
        if (late !== undefined) {
          return late;
        }

        throw new Error(`process exited before ${what}`);
      }

      await new Promise<void>((resolve) => {
        const done = (): void => {
          waiters.delete(done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        waiters.add(done);
        signal.addEventListener('abort', done);
      });
    }
  };

  const waitForLog: Started['waitForLog'] = (match, timeoutMs = DEFAULT_TIMEOUT_MS) => {
    const test = typeof match === 'function' ? match : (line: LogLine) => match.test(line.msg ?? '');
    return waitFor(() => logs.find(test), `a log line matching ${match}`, timeoutMs);
  };

  const waitForStdout: Started['waitForStdout'] = (match, timeoutMs = DEFAULT_TIMEOUT_MS) =>
    waitFor(() => stdout.match(match) ?? undefined, `stdout matching ${match}`, timeoutMs);

  const waitForExit: Started['waitForExit'] = async (timeoutMs = DEFAULT_TIMEOUT_MS) => {
    const result = await Promise.race([
      subprocess,
      new Promise<never>((_, reject) => {
        setTimeout(
          () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${file} to exit`)),
          timeoutMs,
        ).unref();
      }),
    ]);
    return {exitCode: result.exitCode, signal: result.signal};
  };

  return {
    subprocess,
    pid,
    logs,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLog,
    waitForStdout,
    waitForExit,
  };
};

// Starts the built CLI with JSON logs: `startGraceful(['--drain', '1s', '--', 'node', 'fixture.mjs'])`.
export const startGraceful = (
  args: string[],
  options: Omit<StartOptions, 'env'> & {env?: Record<string, string>} = {},
) =>
  startProcess(process.execPath, [CLI, ...args], {
    ...options,
    env: {GRACEFUL_LOG_FORMAT: 'json', ...options.env},
  });

// Runs the built CLI to completion and returns its status and output.
export const runGraceful = async (
  args: string[],
  options: {env?: Record<string, string>; input?: string} = {},
) => {
  const result = await execa(process.execPath, [CLI, ...args], {
    reject: false,
    env: {GRACEFUL_LOG_FORMAT: 'json', ...options.env},
    input: options.input ?? '',
    timeout: 30_000,
  });
  return {exitCode: result.exitCode, signal: result.signal, stdout: result.stdout, stderr: result.stderr};
};

// SIGKILLs a process, everything below it and their process groups: graceful runs its child in a session of
// its own, so killing graceful's group alone would leave the child running.
export const killTree = (pid: number): void => {
  const tree = [readProcStat(pid), ...findDescendants(listProcesses(), pid)];
  // Never the test runner's own group.
  const ownGroup = readProcStat(process.pid)?.pgrp;
  for (const stat of tree) {
    const groups = stat === undefined || stat.pgrp <= 1 || stat.pgrp === ownGroup ? [] : [-stat.pgrp];
    for (const target of stat === undefined ? [] : [...groups, stat.pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {}
    }
  }
};

// True while a process with this PID runs; a zombie waiting to be reaped counts as dead.
export const isAlive = (pid: number): boolean => {
  const stat = readProcStat(pid);
  return stat !== undefined && !isDead(stat);
};
