import {fileURLToPath} from 'node:url';
import {spawnInNs} from './exec.ts';

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
  const load = spawnInNs(ns, [process.execPath, LOAD_CLIENT, url, String(concurrency), String(timeoutMs)]);
  return {
    waitForStart: async (waitMs = 15_000) => {
      const deadline = Date.now() + waitMs;
      while (!load.stdout().includes('"started"')) {
        if (load.child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`load client did not start within ${waitMs} ms: ${load.stderr()}`);
        }

        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      load.child.kill('SIGINT');
      await load.exited;
      const line = load
        .stdout()
        .split('\n')
        .find((item) => item.includes('"summary"'));
      if (line === undefined) {
        throw new Error(`load client printed no summary: ${load.stderr()}`);
      }

      return {name, ...(JSON.parse(line) as Omit<LoadResult, 'name'>)};
    },
    kill: load.kill,
  };
};
