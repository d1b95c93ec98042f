import {type ChildProcess, spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {DialState} from '../src/dial/states.ts';
import type {DialSummary} from '../src/dial/summary.ts';

// The built CLI that clients run (npm run build, or vitest's global setup, makes it).
export const CLI = fileURLToPath(new URL('../dist/graceful.mjs', import.meta.url));

// A client to run in the client namespace: a name for tables and extra `graceful dial` flags.
export interface ClientSpec {
  name: string;
  args?: string[];
}

// One change of state a client printed (its --json change events).
export interface ClientChange {
  atMs: number;
  state: DialState;
  address?: string;
  text: string;
}

// What a client saw, once stopped.
export interface ClientResult {
  name: string;
  changes: ClientChange[];
  summary: DialSummary;
  exitCode: number | null;
}

// A running client: its changes so far, a wait for a state, and stop() (Ctrl-C) for the result.
export interface Client {
  name: string;
  changes: () => ClientChange[];
  // Settles on the first change (past or future) that matches, e.g. the first `connected`.
  waitForChange: (match?: (change: ClientChange) => boolean, timeoutMs?: number) => Promise<ClientChange>;
  stop: () => Promise<ClientResult>;
  kill: () => void;
}

const parseLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

// Starts `graceful dial <target> --json` in a namespace; the seed's cadence unless args say otherwise.
export const startClient = (ns: string, target: string, spec: ClientSpec): Client => {
  const child: ChildProcess = spawn(
    'ip',
    [
      'netns',
      'exec',
      ns,
      process.execPath,
      CLI,
      'dial',
      target,
      '--json',
      '--interval',
      '100ms',
      '--timeout',
      '100ms',
      ...(spec.args ?? []),
    ],
    {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, GRACEFUL_LOG_FORMAT: 'json'}},
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const changes = (): ClientChange[] =>
    parseLines(stdout)
      .filter((line) => line.type === 'change')
      .map((line) => line as unknown as ClientChange);
  return {
    name: spec.name,
    changes,
    waitForChange: async (match = () => true, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = changes().find(match);
        if (found !== undefined) {
          return found;
        }

        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(
            `client ${spec.name} printed no matching change within ${timeoutMs} ms: ${stdout}${stderr}`,
          );
        }

        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      child.kill('SIGINT');
      const exitCode = await exited;
      const summary = parseLines(stdout).find((line) => line.type === 'summary');
      if (summary === undefined) {
        throw new Error(`client ${spec.name} printed no summary (exit ${exitCode}): ${stderr}`);
      }

      return {name: spec.name, changes: changes(), summary: summary as unknown as DialSummary, exitCode};
    },
    kill: () => {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    },
  };
};
