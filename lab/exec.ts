import {type ChildProcess, execFile, spawn} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

// Runs a program to completion and returns its stdout; the error names the command and its stderr.
export const run = async (file: string, args: readonly string[], input?: string): Promise<string> => {
  try {
    if (input !== undefined) {
      return await new Promise((resolve, reject) => {
        const child = execFile(file, args, (error, stdout) => (error ? reject(error) : resolve(stdout)));
        child.stdin?.end(input);
      });
    }

    const {stdout} = await execFileAsync(file, args);
    return stdout;
  } catch (error) {
    const stderr = (error as {stderr?: string}).stderr ?? '';
    throw new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || (error as Error).message}`);
  }
};

// Runs `ip <args>` (iproute2).
export const ip = (...args: string[]): Promise<string> => run('ip', args);

// Runs a program inside a network namespace.
export const inNs = (ns: string, file: string, ...args: string[]): Promise<string> =>
  run('ip', ['netns', 'exec', ns, file, ...args]);

// PIDs of every process whose network namespace is ns (`ip netns pids`); empty once all have ended.
export const nsPids = async (ns: string): Promise<number[]> => {
  try {
    return (await ip('netns', 'pids', ns))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
};

// Waits until no process is left in the namespace.
export const waitForEmpty = async (ns: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while ((await nsPids(ns)).length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`processes still run in ${ns} after ${timeoutMs} ms`);
    }

    await sleep(10);
  }
};

// Sends a signal to a process, ignoring one that is already gone.
export const signalPid = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(pid, signal);
  } catch {}
};

// A process started in a namespace, with its output collected as it comes.
export interface NsProcess {
  child: ChildProcess;
  pid: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
  // SIGKILLs it unless it has already exited.
  kill: () => void;
}

// Whether a process started by spawnInNs has exited (its exit status is known).
export const hasExited = (process: NsProcess): boolean =>
  process.child.exitCode !== null || process.child.signalCode !== null;

// Starts argv inside a network namespace (`ip netns exec` execs it, so the PID is argv's own).
export const spawnInNs = (ns: string, argv: readonly string[], env?: Record<string, string>): NsProcess => {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, ...env},
  });
  if (child.pid === undefined) {
    throw new Error(`could not start ${argv.join(' ')} in ${ns}`);
  }

  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => {
    child.once('exit', (code, signal) => resolve({code, signal}));
  });
  const started: NsProcess = {
    child,
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: () => {
      if (!hasExited(started)) {
        child.kill('SIGKILL');
      }
    },
  };
  return started;
};

// Whether the process exits within ms.
export const exitsWithin = async (running: NsProcess, ms: number): Promise<boolean> => {
  const timer = new AbortController();
  const exited = await Promise.race([
    running.exited.then(() => true),
    sleep(ms, false, {signal: timer.signal}).catch(() => true),
  ]);
  timer.abort();
  return exited;
};
