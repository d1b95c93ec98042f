import {type ConntrackRace, detectConntrackRace} from './conntrack.ts';
import {toPeriods} from './periods.ts';
import {type Attempt, DIAL_STATES, type DialState, isFailure} from './states.ts';
import {renderTimelineBar} from './timeline.ts';

// p50 and p99 of a set of durations, undefined when there were none.
export interface Percentiles {
  p50?: number;
  p99?: number;
}

// Everything `graceful dial` reports at the end, text or --json.
export interface DialSummary {
  startMs: number;
  endMs: number;
  attempts: number;
  counts: Record<DialState, number>;
  failingMs: number;
  connectMs: Percentiles;
  lookupMs: Percentiles;
  conntrackRace: ConntrackRace;
  timeline: string;
  ok: boolean;
}

// The nearest-rank percentile (p in 0..100) of values; undefined for no values.
export const percentile = (values: readonly number[], p: number): number | undefined => {
  if (values.length === 0) {
    return undefined;
  }

  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
};

const roundMs = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : Math.round(ms * 1_000) / 1_000;

const percentiles = (values: readonly number[]): Percentiles => ({
  p50: roundMs(percentile(values, 50)),
  p99: roundMs(percentile(values, 99)),
});

const defined = (values: readonly (number | undefined)[]): number[] =>
  values.filter((value): value is number => value !== undefined);

// Summarizes a dial run: attempts per state, time spent failing, latencies and the timeline bar.
export const summarizeDial = (
  attempts: readonly Attempt[],
  startMs: number,
  endMs: number,
  timelineWidth = 60,
): DialSummary => {
  const counts = Object.fromEntries(DIAL_STATES.map((state) => [state, 0])) as Record<DialState, number>;
  for (const attempt of attempts) {
    counts[attempt.state] += 1;
  }

  const periods = toPeriods(attempts, endMs);
  const failingMs = periods
    .filter((period) => isFailure(period.attempt.state))
    .reduce((total, period) => total + (period.endMs - period.startMs), 0);
  const lookups = defined(attempts.map((attempt) => attempt.lookupMs));
  return {
    startMs,
    endMs,
    attempts: attempts.length,
    counts,
    failingMs,
    connectMs: percentiles(defined(attempts.map((attempt) => attempt.connectMs))),
    lookupMs: percentiles(lookups),
    conntrackRace: detectConntrackRace(lookups),
    timeline: renderTimelineBar(periods, startMs, endMs, timelineWidth),
    ok: attempts.every((attempt) => !isFailure(attempt.state)),
  };
};
