import {describe, expect, test} from 'vitest';
import {type CounterSample, intervalsOf} from '../../../src/report/samples.ts';

const sample = (atMs: number, passiveOpens: number, outRsts: number, ownAccepted = 0): CounterSample => ({
  atMs,
  counters: {passiveOpens, outRsts, currEstab: 0},
  ownAccepted,
});

describe('intervalsOf', () => {
  test.each<[string, CounterSample[], [number, number][]]>([
    ['no samples', [], []],
    ['one sample', [sample(0, 10, 5)], []],
    [
      'clients accepted and refused',
      [sample(0, 10, 5), sample(100, 13, 5), sample(200, 13, 9)],
      [
        [3, 0],
        [0, 4],
      ],
    ],
    [
      'health-port connections are not clients',
      [sample(0, 10, 0, 0), sample(100, 12, 0, 2), sample(200, 13, 0, 2)],
      [
        [0, 0],
        [1, 0],
      ],
    ],
    [
      'a probe the kernel counted before graceful accepted it',
      [sample(0, 10, 0, 0), sample(100, 11, 0, 0), sample(200, 11, 0, 1), sample(300, 11, 0, 1)],
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ],
    [
      'an accept reported early is not taken back from the next client',
      [sample(0, 10, 0, 0), sample(100, 10, 0, 1), sample(200, 12, 0, 1)],
      [
        [0, 0],
        [1, 0],
      ],
    ],
  ])('%s', (_name, samples, expected) => {
    expect(intervalsOf(samples).map(({accepted, refused}) => [accepted, refused])).toEqual(expected);
  });
});
