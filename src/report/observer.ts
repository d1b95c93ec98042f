import type {Logger} from '../log.ts';
import type {PlanMode} from '../plan/windows.ts';
import {readTcpCounters, type TcpCounters} from '../proc/connections.ts';
import {formatReportBlock, summarizeReport} from './format.ts';
import {type CounterSample, intervalsOf} from './samples.ts';
import {BASELINE_MS, judgeShutdown, type ShutdownReport} from './verdict.ts';

// How often the counters are read: once a second while running (the rate before the signal), ten times a
// second from the shutdown signal on (when the last client came).
export const RUNNING_POLL_MS = 1_000;
export const SHUTDOWN_POLL_MS = 100;

// The windows a run was started with, for the report's suggestions.
export interface ReportSettings {
  mode: PlanMode;
  drainMs: number;
  stopTimeoutMs: number | undefined;
  refuseMs: number;
}

/*
The moments of a run the report tells apart, whichever the mode; each mode maps its phases onto them.
`before`: no shutdown yet, or serving again after one (the baseline; the next shutdown is judged anew);
`drain`: the drain began; `stop`: the drain is over and the server is told to stop (the wrapper's stop signal, the
sidecar's answered /prestop); `refuse`: the refuse window began; `exit`: graceful exits, the report is written.
*/
export type ReportMoment = 'before' | 'drain' | 'stop' | 'refuse' | 'exit';

// Watches one run's moments and the namespace's TCP counters; writes the shutdown report when graceful exits.
export interface ShutdownObserver {
  onMoment: (moment: ReportMoment) => void;
  // graceful's own accepted connections (the health server's), left out of every count.
  countOwn: (accepted: () => number) => void;
  // The counters now, and graceful's own accepts; undefined when /proc cannot tell.
  counters: () => {counters: TcpCounters; ownAccepted: number} | undefined;
  // The report so far, from the shutdown signal on; undefined before it.
  current: () => ShutdownReport | undefined;
}

// Effects a test may replace.
export interface ObserverEffects {
  read?: () => TcpCounters | undefined;
  now?: () => number;
}

// The moments that belong to a shutdown: the first one seen is its start.
const SHUTDOWN_MOMENTS: ReadonlySet<ReportMoment> = new Set(['drain', 'stop', 'refuse']);

// Starts observing now; the report covers the last shutdown (a sidecar that is ready again starts anew).
export const observeShutdown = (
  settings: ReportSettings,
  log: Logger,
  {read = readTcpCounters, now = () => performance.now()}: ObserverEffects = {},
): ShutdownObserver => {
  const startedAt = now();
  let ownAccepted = (): number => 0;
  let samples: CounterSample[] = [];
  let shutdownAtMs: number | undefined;
  let stopAtMs: number | undefined;
  let refuseAtMs: number | undefined;
  let establishedAtStop: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unreadable = false;

  const sample = (): CounterSample | undefined => {
    const counters = read();
    if (counters === undefined) {
      if (!unreadable) log.debug({}, 'cannot read /proc/self/net/snmp: no shutdown report');
      unreadable = true;
      return undefined;
    }

    const taken = {atMs: now() - startedAt, counters, ownAccepted: ownAccepted()};
    samples.push(taken);
    // Before the signal only the baseline's span is needed.
    if (shutdownAtMs === undefined) {
      const from = taken.atMs - BASELINE_MS - RUNNING_POLL_MS;
      samples = samples.filter((item) => item.atMs >= from);
    }

    return taken;
  };

  const poll = (ms: number | undefined): void => {
    clearInterval(timer);
    timer = ms === undefined ? undefined : setInterval(sample, ms);
    timer?.unref();
  };

  const judge = (endAtMs: number): ShutdownReport | undefined =>
    shutdownAtMs === undefined || samples.length === 0
      ? undefined
      : judgeShutdown({
          mode: settings.mode,
          configured: settings,
          shutdownAtMs,
          stopAtMs,
          refuseAtMs,
          endAtMs,
          establishedAtStop,
          intervals: intervalsOf(samples),
        });

  sample();
  poll(RUNNING_POLL_MS);
  return {
    onMoment: (moment) => {
      const taken = sample();
      const atMs = taken?.atMs ?? now() - startedAt;
      if (moment === 'before') {
        // Ready again after a drain (a container restart): the next shutdown is judged on its own.
        shutdownAtMs = stopAtMs = refuseAtMs = establishedAtStop = undefined;
        poll(RUNNING_POLL_MS);
        return;
      }

      if (SHUTDOWN_MOMENTS.has(moment)) {
        shutdownAtMs ??= atMs;
        poll(SHUTDOWN_POLL_MS);
      }

      if (moment === 'stop' && stopAtMs === undefined) {
        stopAtMs = atMs;
        establishedAtStop = taken?.counters.currEstab;
      }

      if (moment === 'refuse') refuseAtMs ??= atMs;
      if (moment !== 'exit') return;
      poll(undefined);
      const report = judge(atMs);
      if (report !== undefined) log.info({report, text: formatReportBlock(report)}, summarizeReport(report));
    },
    countOwn: (accepted) => {
      ownAccepted = accepted;
    },
    counters: () => {
      const counters = read();
      return counters === undefined ? undefined : {counters, ownAccepted: ownAccepted()};
    },
    current: () => judge(now() - startedAt),
  };
};
