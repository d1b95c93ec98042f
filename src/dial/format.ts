import type {Period} from './periods.ts';
import {type Attempt, DIAL_STATES, describeAttempt} from './states.ts';
import type {DialSummary, Percentiles} from './summary.ts';
import {TIMELINE_LEGEND} from './timeline.ts';

const pad = (value: number, length = 2): string => String(value).padStart(length, '0');

// Local wall-clock time with milliseconds, as the seed's dialer prints it: 17:07:32.187.
export const formatClock = (atMs: number): string => {
  const date = new Date(atMs);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
};

// A duration for humans: 301ms, 2.5s.
export const formatMs = (ms: number): string =>
  ms < 1_000 ? `${Math.round(ms)}ms` : `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)}s`;

// `17:07:32.187: +++ dial tcp 10.0.0.7:80: connect: connection refused` when a state starts.
export const formatStartLine = (attempt: Attempt, target: string): string =>
  `${formatClock(attempt.atMs)}: +++ ${describeAttempt(attempt, target)}`;

// `17:07:32.488: --- dial tcp 10.0.0.7:80: connect: connection refused: 301ms` when it ends.
export const formatEndLine = (period: Period, target: string): string =>
  `${formatClock(period.endMs)}: --- ${describeAttempt(period.attempt, target)}: ${formatMs(period.endMs - period.startMs)}`;

const formatPercentiles = (name: string, values: Percentiles): string =>
  values.p50 === undefined
    ? `${name}: none`
    : `${name}: p50 ${values.p50.toFixed(1)}ms, p99 ${(values.p99 ?? values.p50).toFixed(1)}ms`;

// The closing summary: attempts per state, time failing, latencies, the conntrack hint and the bar.
export const formatSummary = (summary: DialSummary, target: string): string[] => {
  const counts = DIAL_STATES.filter((state) => summary.counts[state] > 0)
    .map((state) => `${state} ${summary.counts[state]}`)
    .join(', ');
  const lines = [
    `--- ${target}: ${summary.attempts} attempts in ${formatMs(summary.endMs - summary.startMs)}: ${counts || 'none'}`,
    `failing: ${formatMs(summary.failingMs)}; ${formatPercentiles('connect', summary.connectMs)}; ${formatPercentiles('lookup', summary.lookupMs)}`,
    `timeline: |${summary.timeline}| (${TIMELINE_LEGEND})`,
  ];
  if (summary.conntrackRace.hint !== undefined) {
    lines.push(`hint: ${summary.conntrackRace.hint}`);
  }

  return lines;
};
