import {setInterval, setTimeout} from 'node:timers/promises';
import {formatDuration} from '../config/duration.ts';
import type {Logger} from '../log.ts';
import {readTcpCounters} from '../proc/connections.ts';
import {type Observation, quietDrainEndMs, startTracking, trackActivity} from './activity.ts';

// How often the TCP counters are read during a quiet drain.
export const QUIET_POLL_MS = 200;

// The quiet drain's settings: --drain-min and --quiet.
export interface QuietDrainOptions {
  drainMinMs: number;
  quietMs: number;
  pollMs?: number;
}

// What a quiet drain reads, injected for tests.
export interface QuietDrainEffects {
  observe: () => Promise<Observation> | Observation;
  // Called once when the drain ends early, with the time it lasted and the last new connection.
  onQuiet?: (info: {elapsedMs: number; lastActivityMs: number; connections: number}) => void;
}

// Reads the pod's network namespace's accept counter; throws when /proc cannot tell (the drain then runs
// its full length).
export const observeNamespace = (ownAccepted: () => number): Observation => {
  const counters = readTcpCounters();
  if (counters === undefined) throw new Error('cannot read /proc/self/net/snmp');
  return {passiveOpens: counters.passiveOpens, ownAccepted: ownAccepted()};
};

// Settles when the drain may end: after `drainMs` at the latest, earlier once `drainMinMs` has passed and
// no new client connection reached the served ports for `quietMs`.
export const waitForQuietDrain = async (
  drainMs: number,
  signal: AbortSignal,
  {drainMinMs, quietMs, pollMs = QUIET_POLL_MS}: QuietDrainOptions,
  {observe, onQuiet}: QuietDrainEffects,
): Promise<void> => {
  const startedAt = performance.now();
  const done = new AbortController();
  const local = AbortSignal.any([signal, done.signal]);
  const ignoreAbort = (): undefined => undefined;
  const limit = setTimeout(drainMs, 'limit' as const, {signal: local}).catch(ignoreAbort);
  const quiet = (async () => {
    let tracker = startTracking(await observe());
    let lastActivityMs = 0;
    let connections = 0;
    for await (const _ of setInterval(pollMs, undefined, {signal: local})) {
      const elapsedMs = performance.now() - startedAt;
      const result = trackActivity(tracker, await observe());
      tracker = result.tracker;
      connections += result.newConnections;
      if (result.newConnections > 0) {
        lastActivityMs = elapsedMs;
      }

      if (elapsedMs >= quietDrainEndMs({drainMs, drainMinMs, quietMs, lastActivityMs})) {
        onQuiet?.({
          elapsedMs: Math.round(elapsedMs),
          lastActivityMs: Math.round(lastActivityMs),
          connections,
        });
        return 'quiet' as const;
      }
    }

    return undefined;
    // Should /proc fail, the drain simply runs its full length.
  })().catch(() => limit);
  try {
    await Promise.race([limit, quiet]);
  } finally {
    done.abort();
  }

  signal.throwIfAborted();
};

// The quiet drain's wait, for the supervisor or the sidecar; `accepted` counts graceful's own health
// connections, which are not clients. Logs when clients have moved on.
export const quietDrainWait =
  (
    quiet: QuietDrainOptions,
    accepted: () => number,
    log: Logger,
  ): ((drainMs: number, signal: AbortSignal) => Promise<void>) =>
  (drainMs, signal) =>
    waitForQuietDrain(drainMs, signal, quiet, {
      observe: () => observeNamespace(accepted),
      onQuiet: ({elapsedMs, lastActivityMs, connections}) =>
        log.info(
          {elapsedMs, lastActivityMs, connections, drainMs},
          `draining: no new connection for ${formatDuration(quiet.quietMs)}, ending the drain after ${formatDuration(elapsedMs)} instead of ${formatDuration(drainMs)}`,
        ),
    });
