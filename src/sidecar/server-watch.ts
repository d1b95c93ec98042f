import {setInterval} from 'node:timers/promises';
import {checkTcp} from '../health/tcp-check.ts';
import {readSocketTable} from '../proc/connections.ts';
import {compareServer, listenersOf, type ServerChange, type ServerView} from './server-view.ts';

// How often the sidecar looks at the server after a drain. Restarts between two looks still show, as new
// socket inodes.
export const SERVER_WATCH_MS = 200;

// What the watch looks at: --ready-tcp, or the pod's own network namespace (graceful's ports left out).
export interface ServerWatchTarget {
  readyTcp: {host: string; port: number} | undefined;
  ownPorts: ReadonlySet<number>;
  readyTcpTimeoutMs: number;
}

// One look at the server.
export const observeServer = async (target: ServerWatchTarget): Promise<ServerView> =>
  target.readyTcp === undefined
    ? {kind: 'listeners', listeners: listenersOf(await readSocketTable(), target.ownPorts)}
    : {
        kind: 'tcp',
        accepting: await checkTcp(target.readyTcp.host, target.readyTcp.port, target.readyTcpTimeoutMs),
      };

// Reports how the server compares with `baseline` every `pollMs` until `signal` aborts.
export const watchServer = async (
  target: ServerWatchTarget,
  baseline: ServerView,
  signal: AbortSignal,
  onChange: (change: ServerChange) => void,
  pollMs = SERVER_WATCH_MS,
): Promise<void> => {
  try {
    for await (const _ of setInterval(pollMs, undefined, {signal})) {
      const view = await observeServer(target);
      if (signal.aborted) return;
      onChange(compareServer(baseline, view));
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
};
