import {formatDuration} from '../config/duration.ts';
import {type PlanMode, planWindows} from '../plan/windows.ts';
import type {Interval} from './samples.ts';

// What happened in one shutdown, in ms since the observation began (see observer.ts).
export interface ShutdownTimeline {
  mode: PlanMode;
  // The windows graceful ran with; stopTimeoutMs only for the wrapper.
  configured: {drainMs: number; stopTimeoutMs: number | undefined; refuseMs: number};
  // The shutdown signal (wrapper: SIGTERM; sidecar: the kubelet's /prestop), or the first shutdown phase.
  shutdownAtMs: number;
  // The drain's end: the stop signal went out (sidecar: /prestop answered, the kubelet stops the server).
  stopAtMs: number | undefined;
  // The refuse window's start: the child exited (sidecar: its own SIGTERM, after the main container exited).
  refuseAtMs: number | undefined;
  // graceful exits: the pod goes away.
  endAtMs: number;
  // Established connections in the namespace when the stop signal went out.
  establishedAtStop: number | undefined;
  intervals: readonly Interval[];
}

// The shutdown report: figures and a verdict per window, and windows that would have been enough.
export interface ShutdownReport {
  mode: PlanMode;
  before: {ms: number; connections: number; connectionsPerSecond: number};
  drain: {
    ms: number;
    connections: number;
    connectionsPerSecond: number;
    // The last new connection above the background, in ms after the shutdown signal (later than the drain
    // when the server still accepted while it stopped).
    lastArrivalMs: number | null;
    enough: boolean;
  };
  stop: {ms: number | null; established: number | null};
  // lastRefusedMs: the last attempt refused above the background after the drain, in ms after the signal.
  refuse: {ms: number; refused: number; lastRefusedMs: number | null; enough: boolean};
  suggested: {
    drainMs: number;
    stopTimeoutMs: number;
    refuseMs: number;
    gracePeriodSeconds: number;
    flags: string;
  };
}

// The rate before the shutdown signal is measured over at most this long.
export const BASELINE_MS = 30_000;
// Arrivals are judged in windows this long; fewer than BACKGROUND_SHARE of the rate before the signal is
// background (probes, other ports), not clients still arriving.
const BUSY_WINDOW_MS = 500;
const BACKGROUND_SHARE = 0.1;
// Clients have moved on when, at the rate before the signal, this many arrivals were due and none came, and
// at least MIN_QUIET_MS passed (the counters are read every 100 ms).
const QUIET_ARRIVALS = 3;
const MIN_QUIET_MS = 250;
// A window whose end still saw clients only tells how long they came at least: twice that is the next guess.
const LOWER_BOUND_GROWTH = 2;

const sum = (intervals: readonly Interval[], key: 'accepted' | 'refused'): number =>
  intervals.reduce((total, interval) => total + interval[key], 0);
const perSecond = (count: number, ms: number): number => (ms > 0 ? (count / ms) * 1_000 : 0);
// Rates as the report shows them: one decimal.
const shown = (rate: number): number => Math.round(rate * 10) / 10;
const ceilSecond = (ms: number): number => Math.ceil(ms / 1_000) * 1_000;

// The last moment, in ms since the observation began, at which clients arrived (or were refused, from
// `refusedFromMs` on) faster than the background; undefined when none did.
export const lastBusyMs = (
  intervals: readonly Interval[],
  refusedFromMs: number,
  backgroundPerSecond: number,
): number | undefined => {
  const attempts = intervals.map((interval) => ({
    atMs: interval.atMs,
    count: interval.accepted + (interval.atMs > refusedFromMs ? interval.refused : 0),
  }));
  const allowance = (backgroundPerSecond * BUSY_WINDOW_MS) / 1_000;
  let last: number | undefined;
  let windowStart = 0;
  let inWindow = 0;
  for (const {atMs, count} of attempts) {
    inWindow += count;
    while ((attempts[windowStart]?.atMs ?? atMs) <= atMs - BUSY_WINDOW_MS) {
      inWindow -= attempts[windowStart]?.count ?? 0;
      windowStart++;
    }

    if (count > 0 && inWindow > allowance) last = atMs;
  }

  return last;
};

// Whether clients had moved on by `endMs`: nothing arrived above the background since `lastMs` for long
// enough that, at `ratePerSecond`, QUIET_ARRIVALS arrivals were due.
export const quietBy = (endMs: number, lastMs: number | undefined, ratePerSecond: number): boolean =>
  lastMs === undefined || endMs - lastMs >= quietNeededMs(ratePerSecond);

// How long nothing must arrive, at this rate, before clients count as gone.
const quietNeededMs = (ratePerSecond: number): number =>
  ratePerSecond > 0 ? Math.max(MIN_QUIET_MS, (QUIET_ARRIVALS / ratePerSecond) * 1_000) : MIN_QUIET_MS;

// Judges one shutdown: figures, a verdict per window, and suggestions by graceful plan's rules.
export const judgeShutdown = (timeline: ShutdownTimeline): ShutdownReport => {
  const {shutdownAtMs, endAtMs, intervals} = timeline;
  const drainEndMs = timeline.stopAtMs ?? timeline.refuseAtMs ?? endAtMs;
  const refuseStartMs = timeline.refuseAtMs ?? endAtMs;
  const between = (fromMs: number, toMs: number) =>
    intervals.filter((interval) => interval.atMs > fromMs && interval.atMs <= toMs);

  const baselineStartMs = Math.max(0, shutdownAtMs - BASELINE_MS);
  const before = between(baselineStartMs, shutdownAtMs);
  const beforeMs = shutdownAtMs - baselineStartMs;
  const beforeRate = perSecond(sum(before, 'accepted'), beforeMs);
  const after = between(shutdownAtMs, endAtMs);
  const shutdownMs = endAtMs - shutdownAtMs;
  // Without clients before the signal, the shutdown's own rate is the measure.
  const referenceRate =
    beforeRate > 0 ? beforeRate : perSecond(sum(after, 'accepted') + sum(after, 'refused'), shutdownMs);
  // Resets the server sent while it ran (aborted connections) stop with it: only accepts make the background.
  const background = BACKGROUND_SHARE * beforeRate;
  const lastAbsMs = lastBusyMs(after, drainEndMs, background);
  const drained = between(shutdownAtMs, drainEndMs);
  const refused = between(refuseStartMs, endAtMs);
  const lastArrivalAbsMs = lastBusyMs(after, Number.POSITIVE_INFINITY, background);
  const lastRefusedAbsMs = lastBusyMs(
    after.map((interval) => ({...interval, accepted: 0})),
    drainEndMs,
    background,
  );
  const sinceSignal = (atMs: number | undefined): number | null =>
    atMs === undefined ? null : Math.round(atMs - shutdownAtMs);

  const drainEnough = quietBy(drainEndMs, lastAbsMs, referenceRate);
  const refuseEnough = quietBy(endAtMs, lastAbsMs, referenceRate);
  const stopMs =
    timeline.stopAtMs === undefined || timeline.refuseAtMs === undefined
      ? undefined
      : timeline.refuseAtMs - timeline.stopAtMs;
  const suggested = suggestWindows(timeline, {
    lastMs: lastAbsMs === undefined ? undefined : lastAbsMs - shutdownAtMs,
    quietMs: quietNeededMs(referenceRate),
    refuseStartMs: refuseStartMs - shutdownAtMs,
    endMs: shutdownMs,
    refuseEnough,
    stopMs,
  });
  return {
    mode: timeline.mode,
    before: {
      ms: Math.round(beforeMs),
      connections: sum(before, 'accepted'),
      connectionsPerSecond: shown(beforeRate),
    },
    drain: {
      ms: Math.round(drainEndMs - shutdownAtMs),
      connections: sum(drained, 'accepted'),
      connectionsPerSecond: shown(perSecond(sum(drained, 'accepted'), drainEndMs - shutdownAtMs)),
      lastArrivalMs: sinceSignal(lastArrivalAbsMs),
      enough: drainEnough,
    },
    stop: {
      ms: stopMs === undefined ? null : Math.round(stopMs),
      established: timeline.establishedAtStop ?? null,
    },
    refuse: {
      ms: Math.round(endAtMs - refuseStartMs),
      refused: sum(refused, 'refused'),
      lastRefusedMs: sinceSignal(lastRefusedAbsMs),
      enough: refuseEnough,
    },
    suggested,
  };
};

/*
The shortest windows this report would have judged enough (the last arrival, in ms since the shutdown signal, plus
the quiet time the verdict asks for), turned into windows by `graceful plan`'s own rules: the drain covers the
time clients kept arriving (plan's propagation + DNS TTL), the refuse window the time they kept arriving after it
began (plan's client cache, at least its minimum), the stop timeout the server's stop time plus plan's margin.
Measured in one shutdown at 100 ms resolution, they are rounded up to whole seconds.
*/
const suggestWindows = (
  {mode, configured}: ShutdownTimeline,
  measured: {
    lastMs: number | undefined;
    quietMs: number;
    refuseStartMs: number;
    endMs: number;
    refuseEnough: boolean;
    stopMs: number | undefined;
  },
): ShutdownReport['suggested'] => {
  const {lastMs, quietMs, refuseStartMs, endMs, refuseEnough, stopMs} = measured;
  // No client came after the signal: nothing measured, the windows stay.
  const drainNeedMs =
    lastMs === undefined ? configured.drainMs : refuseEnough ? lastMs + quietMs : LOWER_BOUND_GROWTH * endMs;
  const refuseNeedMs =
    lastMs === undefined
      ? configured.refuseMs
      : refuseEnough
        ? Math.max(0, lastMs + quietMs - refuseStartMs)
        : LOWER_BOUND_GROWTH * (endMs - refuseStartMs);
  // A server that needed the whole stop timeout was killed: it needs more than that.
  const killed =
    stopMs !== undefined && configured.stopTimeoutMs !== undefined && stopMs >= configured.stopTimeoutMs;
  const plan = planWindows({
    dnsTtlMs: 0,
    propagationMs: ceilSecond(drainNeedMs),
    clientCacheMs: ceilSecond(refuseNeedMs),
    server: 'generic',
    serverStopMs:
      stopMs === undefined ? undefined : ceilSecond(killed ? LOWER_BOUND_GROWTH * stopMs : stopMs),
    mode,
  });
  const f = formatDuration;
  const flags =
    mode === 'wrapper'
      ? `--drain ${f(plan.drain.ms)} --stop-timeout ${f(plan.stopTimeout.ms)} --refuse ${f(plan.refuse.ms)}`
      : `--drain ${f(plan.drain.ms)} --refuse ${f(plan.refuse.ms)}`;
  return {
    drainMs: plan.drain.ms,
    stopTimeoutMs: plan.stopTimeout.ms,
    refuseMs: plan.refuse.ms,
    gracePeriodSeconds: plan.gracePeriodSeconds,
    flags,
  };
};
