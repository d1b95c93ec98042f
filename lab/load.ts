import {type ChildProcess, spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const LOAD_CLIENT = fileURLToPath(new URL('./load-client.ts', import.meta.url));

// What the load client saw: counts, and every request as [endMs, 1 ok / 0 failed, error code].
export interface LoadResult {
  name: string;
  requests: number;
  ok: number;
  failed: number;
  retried: number;
  outcomes: [number, number, string][];
}

// A running load client.
export interface Load {
  // Resolves once the client has started its workers.
  waitForStart: (timeoutMs?: number) => Promise<void>;
  stop: () => Promise<LoadResult>;
  kill: () => void;
}

// Starts lab/load-client.ts in a namespace: `concurrency` GETs of url in flight until stop().
export const startLoad = (
  ns: string,
  name: string,
  url: string,
  concurrency = 50,
  timeoutMs = 3_000,
): Load => {
  const child: ChildProcess = spawn(
    'ip',
    ['netns', 'exec', ns, process.execPath, LOAD_CLIENT, url, String(concurrency), String(timeoutMs)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    waitForStart: async (timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes('"started"')) {
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`load client did not start: ${stderr}`);
        }

        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      child.kill('SIGINT');
      await exited;
      const line = stdout.split('\n').find((item) => item.includes('"summary"'));
      if (line === undefined) {
        throw new Error(`load client printed no summary: ${stderr}`);
      }

      return {name, ...(JSON.parse(line) as Omit<LoadResult, 'name'>)};
    },
    kill: () => {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    },
  };
};
