import {describe, expect, test} from 'vitest';
import type {Interval} from '../../../src/report/samples.ts';
import {judgeShutdown, lastBusyMs, quietBy, type ShutdownTimeline} from '../../../src/report/verdict.ts';

// Clients per second at a moment: accepted connections and refused attempts, `ms` after the shutdown signal.
type Traffic = (ms: number) => {accepted?: number; refused?: number};

const SIGNAL_AT_MS = 30_000;

// A timeline with a sample every 100 ms from the observation's start (30 s before the signal) to the pod's end.
const timeline = (
  windows: {drainMs: number; stopMs: number; refuseMs: number},
  traffic: Traffic,
  overrides: Partial<ShutdownTimeline> = {},
): ShutdownTimeline => {
  const stopAtMs = SIGNAL_AT_MS + windows.drainMs;
  const refuseAtMs = stopAtMs + windows.stopMs;
  const endAtMs = refuseAtMs + windows.refuseMs;
  const intervals: Interval[] = [];
  for (let atMs = 100; atMs <= endAtMs; atMs += 100) {
    const {accepted = 0, refused = 0} = traffic(atMs - SIGNAL_AT_MS);
    intervals.push({atMs, accepted: accepted / 10, refused: refused / 10});
  }

  return {
    mode: 'wrapper',
    configured: {drainMs: windows.drainMs, stopTimeoutMs: 10_000, refuseMs: windows.refuseMs},
    shutdownAtMs: SIGNAL_AT_MS,
    stopAtMs,
    refuseAtMs,
    endAtMs,
    establishedAtStop: 3,
    intervals,
    ...overrides,
  };
};

// 20 new connections a second until `untilMs` after the signal; refused once the server stopped at `stopMs`.
const clientsUntil =
  (untilMs: number, stopMs: number): Traffic =>
  (ms) =>
    ms > untilMs ? {} : ms <= stopMs ? {accepted: 20} : {refused: 20};

describe('judgeShutdown: verdicts', () => {
  test.each<[string, ShutdownTimeline, {drain: boolean; refuse: boolean}]>([
    [
      'clients that stop at the signal: both windows enough',
      timeline({drainMs: 2_000, stopMs: 100, refuseMs: 2_000}, clientsUntil(0, 2_000)),
      {drain: true, refuse: true},
    ],
    [
      'clients that keep coming through drain and refuse: neither is enough',
      timeline({drainMs: 2_000, stopMs: 100, refuseMs: 2_000}, clientsUntil(60_000, 2_000)),
      {drain: false, refuse: false},
    ],
    [
      'clients that move on 4.9 s into a 5.5 s drain (lab scenario 3)',
      timeline({drainMs: 5_500, stopMs: 100, refuseMs: 1_000}, clientsUntil(4_900, 5_500)),
      {drain: true, refuse: true},
    ],
    [
      'clients refused until 5 s, drain 1.5 s, pod gone at 5.6 s (lab scenario 4)',
      timeline({drainMs: 1_500, stopMs: 100, refuseMs: 4_000}, clientsUntil(5_000, 1_500)),
      {drain: false, refuse: true},
    ],
    [
      'clients refused until the pod went away: the refuse window is too short',
      timeline({drainMs: 1_500, stopMs: 100, refuseMs: 1_000}, clientsUntil(5_000, 1_500)),
      {drain: false, refuse: false},
    ],
    [
      'probes below a tenth of the rate before the signal are background, not clients',
      timeline({drainMs: 3_000, stopMs: 100, refuseMs: 2_000}, (ms) =>
        ms <= 0 ? {accepted: 20} : Math.round(ms) % 1_000 === 0 ? {accepted: 10} : {},
      ),
      {drain: true, refuse: true},
    ],
    [
      'no clients before the signal, clients through the drain: judged at their own rate',
      timeline({drainMs: 2_000, stopMs: 100, refuseMs: 2_000}, (ms) =>
        ms > 0 && ms <= 2_000 ? {accepted: 20} : {},
      ),
      {drain: false, refuse: true},
    ],
    [
      'no drain (a sidecar without preStop) and refusals right after the signal',
      timeline({drainMs: 0, stopMs: 0, refuseMs: 3_000}, clientsUntil(1_000, 0), {stopAtMs: undefined}),
      {drain: false, refuse: true},
    ],
    [
      'no traffic at all',
      timeline({drainMs: 1_000, stopMs: 100, refuseMs: 1_000}, () => ({})),
      {drain: true, refuse: true},
    ],
  ])('%s', (_name, input, expected) => {
    const report = judgeShutdown(input);
    expect({drain: report.drain.enough, refuse: report.refuse.enough}).toEqual(expected);
  });
});

describe('judgeShutdown: figures', () => {
  test('rates, counts, the last arrival and the last refusal, the stop time', () => {
    const report = judgeShutdown(
      timeline({drainMs: 1_500, stopMs: 200, refuseMs: 4_000}, clientsUntil(5_000, 1_500)),
    );
    expect(report.before).toEqual({ms: 30_000, connections: 600, connectionsPerSecond: 20});
    expect(report.drain).toMatchObject({
      ms: 1_500,
      connections: 30,
      connectionsPerSecond: 20,
      lastArrivalMs: 1_500,
    });
    expect(report.stop).toEqual({ms: 200, established: 3});
    expect(report.refuse).toMatchObject({ms: 4_000, lastRefusedMs: 5_000});
    // Refusals during the stop are not the refuse window's.
    expect(report.refuse.refused).toBe(66);
  });
});

describe('judgeShutdown: suggestions by graceful plan rules', () => {
  test.each<[string, ShutdownTimeline, {drainMs: number; refuseMs: number; stopTimeoutMs: number}]>([
    [
      'enough: the drain clients needed (4.9 s + the quiet the verdict asks), plan minimum refuse',
      timeline({drainMs: 5_500, stopMs: 100, refuseMs: 1_000}, clientsUntil(4_900, 5_500)),
      {drainMs: 6_000, refuseMs: 5_000, stopTimeoutMs: 6_000},
    ],
    [
      'drain too short, refuse enough: the drain that would have served every client',
      timeline({drainMs: 1_500, stopMs: 100, refuseMs: 4_000}, clientsUntil(5_000, 1_500)),
      {drainMs: 6_000, refuseMs: 5_000, stopTimeoutMs: 6_000},
    ],
    [
      'refuse window with 9 s of refusals after it began: plan takes it as the client cache',
      timeline({drainMs: 1_000, stopMs: 100, refuseMs: 12_000}, clientsUntil(10_000, 1_000)),
      {drainMs: 11_000, refuseMs: 10_000, stopTimeoutMs: 6_000},
    ],
    [
      'both too short: twice what was seen, above both windows',
      timeline({drainMs: 2_000, stopMs: 100, refuseMs: 6_000}, clientsUntil(60_000, 2_000)),
      {drainMs: 17_000, refuseMs: 12_000, stopTimeoutMs: 6_000},
    ],
    [
      'nobody came after the signal: the windows stay, plan minimum refuse',
      timeline({drainMs: 3_000, stopMs: 100, refuseMs: 2_000}, clientsUntil(0, 3_000)),
      {drainMs: 3_000, refuseMs: 5_000, stopTimeoutMs: 6_000},
    ],
    [
      'a server killed at its stop timeout needs more than it got',
      timeline({drainMs: 1_000, stopMs: 10_000, refuseMs: 1_000}, clientsUntil(0, 1_000)),
      {drainMs: 1_000, refuseMs: 5_000, stopTimeoutMs: 25_000},
    ],
  ])('%s', (_name, input, expected) => {
    expect(judgeShutdown(input).suggested).toMatchObject(expected);
  });

  test('flags to paste and the grace period, for the wrapper and the sidecar', () => {
    const wrapper = judgeShutdown(
      timeline({drainMs: 1_500, stopMs: 100, refuseMs: 4_000}, clientsUntil(5_000, 1_500)),
    );
    expect(wrapper.suggested).toMatchObject({
      flags: '--drain 6s --stop-timeout 6s --refuse 5s',
      gracePeriodSeconds: 25,
    });
    const sidecar = judgeShutdown(
      timeline({drainMs: 1_500, stopMs: 100, refuseMs: 4_000}, clientsUntil(5_000, 1_500), {
        mode: 'sidecar',
        configured: {drainMs: 1_500, stopTimeoutMs: undefined, refuseMs: 4_000},
      }),
    );
    expect(sidecar.suggested.flags).toBe('--drain 6s --refuse 5s');
  });
});

describe('quietBy', () => {
  test.each([
    // end, last arrival, rate before → clients gone
    [5_500, undefined, 20, true],
    [5_500, 4_900, 20, true],
    [5_500, 5_400, 20, false],
    [5_500, 5_300, 20, false],
    [5_500, 5_250, 20, true],
    // 1 connection a second: 3 s of silence are needed.
    [10_000, 8_000, 1, false],
    [10_000, 7_000, 1, true],
    [1_000, 1_200, 20, false],
  ])('end %d, last %s, %d/s → %s', (endMs, lastMs, rate, expected) => {
    expect(quietBy(endMs, lastMs, rate)).toBe(expected);
  });
});

describe('lastBusyMs', () => {
  const at = (atMs: number, accepted: number, refused = 0): Interval => ({atMs, accepted, refused});
  test.each<[string, Interval[], number, number, number | undefined]>([
    ['nothing', [at(100, 0), at(200, 0)], 0, 0, undefined],
    ['any arrival when there is no background', [at(100, 1), at(200, 0)], 0, 0, 100],
    ['a lone probe under the background', [at(100, 0), at(200, 1), at(300, 0)], 0, 4, undefined],
    ['a burst above the background', [at(100, 2), at(200, 1), at(300, 0)], 0, 4, 200],
    ['refusals count only from the given moment', [at(100, 0, 3), at(200, 0, 0), at(300, 0, 2)], 150, 0, 300],
  ])('%s', (_name, intervals, refusedFromMs, background, expected) => {
    expect(lastBusyMs(intervals, refusedFromMs, background)).toBe(expected);
  });
});

describe('the report as text', () => {
  test('one line for JSON logs, a block for pretty logs', async () => {
    const {formatReportBlock, summarizeReport} = await import('../../../src/report/format.ts');
    const report = judgeShutdown(
      timeline({drainMs: 1_500, stopMs: 100, refuseMs: 4_000}, clientsUntil(5_000, 1_500)),
    );
    expect(summarizeReport(report)).toBe(
      'shutdown report: drain TOO SHORT, refuse enough; suggested --drain 6s --stop-timeout 6s --refuse 5s, terminationGracePeriodSeconds 25',
    );
    expect(formatReportBlock(report).split('\n')).toEqual([
      'shutdown report',
      '  before   20/s new connections (last 30s)',
      '  drain    1.5s: 30 new (20/s), the last 1.5s after the signal: TOO SHORT',
      '  stop     0.1s, 3 connections established at the stop signal',
      '  refuse   4.0s: 68 refused, the last 5.0s after the signal: enough',
      '  suggest  --drain 6s --stop-timeout 6s --refuse 5s, terminationGracePeriodSeconds: 25',
    ]);
  });
});
