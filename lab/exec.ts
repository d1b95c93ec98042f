import {execFile} from 'node:child_process';
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

// Sends a signal to a process, ignoring one that is already gone.
export const signalPid = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(pid, signal);
  } catch {}
};
