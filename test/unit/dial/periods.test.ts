import {describe, expect, test} from 'vitest';
import {nextPeriod, toPeriods} from '../../../src/dial/periods.ts';
import type {Attempt, DialState} from '../../../src/dial/states.ts';

const attempts = (...states: DialState[]): Attempt[] =>
  states.map((state, index) => ({atMs: index * 100, state, address: '10.0.0.7:80'}));

describe('nextPeriod', () => {
  test('the first attempt starts a period and ends none', () => {
    const change = nextPeriod(undefined, {atMs: 5, state: 'connected'});
    expect(change).toEqual({
      current: {attempt: {atMs: 5, state: 'connected'}, startMs: 5, endMs: 5, attempts: 1},
    });
  });

  test('the same state extends the period', () => {
    const first = nextPeriod(undefined, {atMs: 0, state: 'refused'}).current;
    const change = nextPeriod(first, {atMs: 100, state: 'refused'});
    expect(change.ended).toBeUndefined();
    expect(change.current).toMatchObject({startMs: 0, endMs: 100, attempts: 2});
  });

  test('a new state ends the period at the new attempt', () => {
    const first = nextPeriod(undefined, {atMs: 0, state: 'refused'}).current;
    const change = nextPeriod(first, {atMs: 300, state: 'connected'});
    expect(change.ended).toMatchObject({startMs: 0, endMs: 300, attempt: {state: 'refused'}});
    expect(change.current).toMatchObject({startMs: 300, attempts: 1, attempt: {state: 'connected'}});
  });
});

describe('toPeriods', () => {
  test.each<[DialState[], [DialState, number, number][]]>([
    [[], []],
    [['connected'], [['connected', 0, 1_000]]],
    [
      ['connected', 'connected', 'refused', 'timeout', 'timeout', 'connected'],
      [
        ['connected', 0, 200],
        ['refused', 200, 300],
        ['timeout', 300, 500],
        ['connected', 500, 1_000],
      ],
    ],
  ])('%j', (states, expected) => {
    const periods = toPeriods(attempts(...states), 1_000);
    expect(periods.map((period) => [period.attempt.state, period.startMs, period.endMs])).toEqual(expected);
  });
});
