import {describe, expect, test} from 'vitest';
import type {Attempt} from '../../../src/dial/states.ts';
import {percentile, summarizeDial} from '../../../src/dial/summary.ts';

describe('percentile', () => {
  test.each<[number[], number, number | undefined]>([
    [[], 50, undefined],
    [[7], 50, 7],
    [[7], 99, 7],
    [[3, 1, 2], 50, 2],
    [[1, 2, 3, 4], 50, 2],
    [Array.from({length: 100}, (_, index) => index + 1), 99, 99],
    [Array.from({length: 100}, (_, index) => index + 1), 50, 50],
    [Array.from({length: 1_000}, (_, index) => index + 1), 99, 990],
    [[5, 1], 0, 1],
    [[5, 1], 100, 5],
  ])('%j p%d = %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('summarizeDial', () => {
  const run: Attempt[] = [
    {atMs: 0, state: 'connected', address: 'a', connectMs: 1, lookupMs: 2},
    {atMs: 100, state: 'refused', address: 'a', lookupMs: 3},
    {atMs: 200, state: 'timeout', address: 'a', lookupMs: 5_000},
    {atMs: 400, state: 'connected', address: 'b', connectMs: 3, lookupMs: 1},
  ];

  test('counts states, time failing and latencies', () => {
    const summary = summarizeDial(run, 0, 500, 5);
    expect(summary).toMatchObject({
      attempts: 4,
      counts: {connected: 2, refused: 1, timeout: 1, unreachable: 0, dns: 0, http: 0, error: 0},
      failingMs: 300,
      connectMs: {p50: 1, p99: 3},
      lookupMs: {p50: 2, p99: 5_000},
      conntrackRace: {count: 1},
      timeline: '=rTT=',
      ok: false,
    });
  });

  test('a clean run is ok', () => {
    const summary = summarizeDial([run[0] as Attempt], 0, 100);
    expect(summary.ok).toBe(true);
    expect(summary.failingMs).toBe(0);
  });

  test('no attempts (Ctrl-C at once) is ok with empty latencies', () => {
    expect(summarizeDial([], 0, 0)).toMatchObject({attempts: 0, ok: true, connectMs: {}, failingMs: 0});
  });
});
