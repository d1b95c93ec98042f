import {fileURLToPath} from 'node:url';
import type {DialState} from '../src/dial/states.ts';
import type {DialSummary} from '../src/dial/summary.ts';
import {spawnInNs} from './exec.ts';

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
  const argv = [process.execPath, CLI, 'dial', target, '--json', '--interval', '100ms', '--timeout', '100ms'];
  const dial = spawnInNs(ns, [...argv, ...(spec.args ?? [])], {GRACEFUL_LOG_FORMAT: 'json'});
  const changes = (): ClientChange[] =>
    parseLines(dial.stdout())
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

        if (dial.child.exitCode !== null || Date.now() > deadline) {
          throw new Error(
            `client ${spec.name} printed no matching change within ${timeoutMs} ms: ${dial.stdout()}${dial.stderr()}`,
          );
        }

        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      dial.child.kill('SIGINT');
      const {code} = await dial.exited;
      const summary = parseLines(dial.stdout()).find((line) => line.type === 'summary');
      if (summary === undefined) {
        throw new Error(`client ${spec.name} printed no summary (exit ${code}): ${dial.stderr()}`);
      }

      return {
        name: spec.name,
        changes: changes(),
        summary: summary as unknown as DialSummary,
        exitCode: code,
      };
    },
    kill: dial.kill,
  };
};
