import {describe, expect, test} from 'vitest';
import {
  formatDuration,
  MAX_DURATION_MS,
  normalizeDuration,
  parseDuration,
} from '../../../src/config/duration.ts';
import {UsageError} from '../../../src/errors.ts';

describe('parseDuration', () => {
  test.each([
    ['250ms', 250],
    ['45s', 45_000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5s', 1_500],
    ['0', 0],
    ['0s', 0],
    ['10', 10_000],
    ['0.25', 250],
    [' 5s ', 5_000],
    ['1m0s500ms', 60_500],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', 'abc', '5x', '-1s', '1m30', 's', '5 s', '1e3', 'ms', '5s5', '1,5s', 'NaN'])(
    '%j is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('normalizeDuration', () => {
  test('names the flag, the value and what was expected', () => {
    expect(() => normalizeDuration('--drain', '5x')).toThrow(
      '--drain: expected a duration such as 250ms, 45s, 2m, 1m30s or a number of seconds, got "5x"',
    );
  });

  test('accepts up to 576h (24 days), below the 2^31 ms where Node.js timers overflow, and refuses more', () => {
    expect(normalizeDuration('--drain', '576h')).toBe(MAX_DURATION_MS);
    expect(MAX_DURATION_MS).toBeLessThan(2 ** 31 - 1);
    expect(() => normalizeDuration('--drain', '576h1ms')).toThrow(
      '--drain: expected at most 576h (24 days), got "576h1ms"',
    );
    expect(() => normalizeDuration('--drain', '600h')).toThrow(UsageError);
  });

  test('accepts numbers as seconds', () => {
    expect(normalizeDuration('--drain', 3)).toBe(3_000);
  });

  test('usage errors exit 2', () => {
    expect(() => normalizeDuration('--refuse', 'x')).toThrow(expect.objectContaining({exitCode: 2}));
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [250, '250ms'],
    [1_500, '1.5s'],
    [45_000, '45s'],
    [60_000, '1m'],
    [90_000, '1m30s'],
  ])('%d ms is %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
