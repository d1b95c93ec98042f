import {describe, expect, test} from 'vitest';
import type {Logger} from '../../../src/log.ts';
import type {TcpCounters} from '../../../src/proc/connections.ts';
import {observeShutdown} from '../../../src/report/observer.ts';

// A logger that keeps the lines it was given.
const recorder = () => {
  const lines: {level: string; fields: Record<string, unknown>; message: string}[] = [];
  const log = Object.fromEntries(
    ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((level) => [
      level,
      (fields: object, message: string): void => {
        lines.push({level, fields: fields as Record<string, unknown>, message});
      },
    ]),
  ) as unknown as Logger;
  return {log, lines};
};

// Counters and a clock that the test moves by hand; every moment takes a sample.
const fakeNamespace = () => {
  const state = {
    atMs: 0,
    counters: {passiveOpens: 100, outRsts: 10, currEstab: 4} as TcpCounters | undefined,
  };
  return {
    state,
    effects: {read: () => state.counters && {...state.counters}, now: () => state.atMs},
    advance: (ms: number, accepted = 0, refused = 0) => {
      state.atMs += ms;
      if (state.counters !== undefined) {
        state.counters.passiveOpens += accepted;
        state.counters.outRsts += refused;
      }
    },
  };
};

const SETTINGS = {mode: 'wrapper' as const, drainMs: 1_000, stopTimeoutMs: 5_000, refuseMs: 1_000};

describe('observeShutdown', () => {
  test('writes one report at exit, with the stop time and the connections established at the stop', () => {
    const {log, lines} = recorder();
    const namespace = fakeNamespace();
    const observer = observeShutdown(SETTINGS, log, namespace.effects);
    observer.onMoment('before');
    namespace.advance(5_000, 50);
    observer.onMoment('drain');
    namespace.advance(1_000);
    observer.onMoment('stop');
    namespace.advance(200);
    observer.onMoment('refuse');
    namespace.advance(1_000);
    observer.onMoment('exit');
    const reports = lines.filter((line) => line.fields.report !== undefined);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      level: 'info',
      fields: {
        report: {
          before: {connections: 50},
          drain: {ms: 1_000, enough: true},
          stop: {ms: 200, established: 4},
          refuse: {ms: 1_000, enough: true},
        },
        text: expect.stringMatching(/^shutdown report\n/),
      },
      message: expect.stringMatching(/^shutdown report: drain enough, refuse enough/),
    });
  });

  test('no shutdown signal, no report; nothing readable, no report', () => {
    const quiet = recorder();
    const namespace = fakeNamespace();
    const observer = observeShutdown(SETTINGS, quiet.log, namespace.effects);
    observer.onMoment('before');
    namespace.advance(1_000, 5);
    observer.onMoment('exit');
    expect(observer.current()).toBeUndefined();
    expect(quiet.lines.filter((line) => line.fields.report !== undefined)).toEqual([]);

    const blind = recorder();
    const unreadable = fakeNamespace();
    unreadable.state.counters = undefined;
    const other = observeShutdown(SETTINGS, blind.log, unreadable.effects);
    other.onMoment('drain');
    other.onMoment('exit');
    expect(blind.lines.map((line) => line.level)).toEqual(['debug']);
  });

  test("graceful's own accepts are not clients; a sidecar ready again judges the next shutdown alone", () => {
    const {log, lines} = recorder();
    const namespace = fakeNamespace();
    let own = 0;
    const observer = observeShutdown(
      {...SETTINGS, mode: 'sidecar', stopTimeoutMs: undefined},
      log,
      namespace.effects,
    );
    observer.countOwn(() => own);
    observer.onMoment('before');
    namespace.advance(1_000, 20);
    observer.onMoment('drain');
    namespace.advance(500, 30);
    observer.onMoment('stop');
    expect(observer.current()?.drain.connections).toBe(30);
    // The container restarted: ready again.
    observer.onMoment('before');
    expect(observer.current()).toBeUndefined();
    namespace.advance(1_000, 3);
    own += 3;
    observer.onMoment('drain');
    namespace.advance(1_000, 2);
    own += 2;
    observer.onMoment('refuse');
    namespace.advance(1_000);
    observer.onMoment('exit');
    const report = lines.find((line) => line.fields.report !== undefined)?.fields.report;
    expect(report).toMatchObject({mode: 'sidecar', drain: {ms: 1_000, connections: 0}, refuse: {refused: 0}});
    expect(observer.counters()).toEqual({counters: namespace.state.counters, ownAccepted: 5});
  });
});
