import {describe, expect, test} from 'vitest';
import {DEFAULT_INIT, normalizeInit} from '../../../src/pid1/options.ts';

describe('normalizeInit', () => {
  test('defaults to none: no file written or executed unless asked', () => {
    expect(DEFAULT_INIT).toBe('none');
    expect(normalizeInit(undefined)).toBe('none');
  });

  test.each(['none', 'embedded'])('accepts %s', (mode) => {
    expect(normalizeInit(mode)).toBe(mode);
  });

  test.each([
    ['tini', '--init: expected one of none, embedded, got "tini"'],
    ['', '--init: expected one of none, embedded, got ""'],
    ['Embedded', '--init: expected one of none, embedded, got "Embedded"'],
  ])('refuses %j with exit 2', (value, message) => {
    expect(() => normalizeInit(value)).toThrow(expect.objectContaining({message, exitCode: 2}));
  });
});
