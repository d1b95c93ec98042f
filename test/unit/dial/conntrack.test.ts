import {describe, expect, test} from 'vitest';
import {detectConntrackRace} from '../../../src/dial/conntrack.ts';

describe('detectConntrackRace', () => {
  test.each<[number[], number]>([
    [[], 0],
    [[1, 2, 3], 0],
    [[4_499], 0],
    [[4_500], 1],
    [[5_003, 1, 10_010], 2],
  ])('%j → %d slow lookups', (lookups, count) => {
    const race = detectConntrackRace(lookups);
    expect(race.count).toBe(count);
    if (count === 0) {
      expect(race.hint).toBeUndefined();
    } else {
      expect(race.hint).toMatch(/single-request-reopen/);
    }
  });
});
