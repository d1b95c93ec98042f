import {describe, expect, test} from 'vitest';
import type {Period} from '../../../src/dial/periods.ts';
import type {DialState} from '../../../src/dial/states.ts';
import {renderTimelineBar} from '../../../src/dial/timeline.ts';

const period = (state: DialState, startMs: number, endMs: number): Period => ({
  attempt: {atMs: startMs, state},
  startMs,
  endMs,
  attempts: 1,
});

describe('renderTimelineBar', () => {
  test.each<[Period[], number, string]>([
    [[], 4, '    '],
    [[period('connected', 0, 1_000)], 10, '=========='],
    [[period('connected', 0, 500), period('refused', 500, 1_000)], 10, '=====rrrrr'],
    // A short timeout inside a connected cell still shows: the worst state wins the cell.
    [
      [period('connected', 0, 420), period('timeout', 420, 430), period('connected', 430, 1_000)],
      10,
      '====T=====',
    ],
    [[period('refused', 0, 450), period('timeout', 450, 550), period('dns', 550, 1_000)], 10, 'rrrrTTDDDD'],
    [[period('unreachable', 0, 250), period('http', 250, 500), period('error', 500, 1_000)], 4, 'UHEE'],
  ])('%#', (periods, width, expected) => {
    expect(renderTimelineBar(periods, 0, 1_000, width)).toBe(expected);
  });
});
