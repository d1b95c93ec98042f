import {describe, expect, test} from 'vitest';
import {normalizeCount} from '../../../src/config/count.ts';

describe('normalizeCount', () => {
  test.each<[unknown, {max?: number; what?: string}, number]>([
    ['1', {}, 1],
    [' 16 ', {max: 1_000}, 16],
    ['1000', {max: 1_000}, 1_000],
    [10, {what: 'attempts'}, 10],
  ])('%j with %j is %d', (value, options, expected) => {
    expect(normalizeCount('--n', value, options)).toBe(expected);
  });

  test.each<[unknown, {max?: number; what?: string}, string]>([
    ['0', {max: 1_000}, '--n: expected a whole number from 1 to 1000, got "0"'],
    ['1001', {max: 1_000}, '--n: expected a whole number from 1 to 1000, got "1001"'],
    ['1.5', {what: 'attempts'}, '--n: expected a whole number of attempts ≥ 1, got "1.5"'],
    ['-3', {}, '--n: expected a whole number ≥ 1, got "-3"'],
    [true, {}, '--n: expected a whole number ≥ 1, got true'],
    ['', {}, '--n: expected a whole number ≥ 1, got ""'],
  ])('%j with %j is refused', (value, options, message) => {
    expect(() => normalizeCount('--n', value, options)).toThrow(message);
  });
});
