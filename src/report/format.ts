import {formatDuration} from '../config/duration.ts';
import type {ShutdownReport} from './verdict.ts';

const seconds = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1_000).toFixed(1)}s`);
const lastOne = (ms: number | null): string =>
  ms === null ? 'none' : `the last ${seconds(ms)} after the signal`;
const verdict = (enough: boolean): string => (enough ? 'enough' : 'TOO SHORT');

// The report's one-line message, for JSON logs: both verdicts and the flags to paste.
export const summarizeReport = (report: ShutdownReport): string =>
  `shutdown report: drain ${verdict(report.drain.enough)}, refuse ${verdict(report.refuse.enough)}; suggested ${report.suggested.flags}, terminationGracePeriodSeconds ${report.suggested.gracePeriodSeconds}`;

// The report as a short block, for pretty logs on a terminal.
export const formatReportBlock = (report: ShutdownReport): string => {
  const {before, drain, stop, refuse, suggested} = report;
  return [
    'shutdown report',
    `  before   ${before.connectionsPerSecond}/s new connections (last ${formatDuration(before.ms)})`,
    `  drain    ${seconds(drain.ms)}: ${drain.connections} new (${drain.connectionsPerSecond}/s), ${lastOne(drain.lastArrivalMs)}: ${verdict(drain.enough)}`,
    `  stop     ${seconds(stop.ms)}, ${stop.established ?? '-'} connections established at the stop signal`,
    `  refuse   ${seconds(refuse.ms)}: ${refuse.refused} refused, ${lastOne(refuse.lastRefusedMs)}: ${verdict(refuse.enough)}`,
    `  suggest  ${suggested.flags}, terminationGracePeriodSeconds: ${suggested.gracePeriodSeconds}`,
  ].join('\n');
};
