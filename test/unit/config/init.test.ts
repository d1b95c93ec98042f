import {describe, expect, test} from 'vitest';
import {DEFAULT_INIT, normalizeInit} from '../../../src/config/init.ts';

describe('normalizeInit', () => {
  test('defaults to none: no file written or executed unless asked', () => {
    expect(DEFAULT_INIT).toBe('none');
    expect(normalizeInit(undefined, {})).toBe('none');
  });

  test.each(['none', 'embedded'])('accepts %s', (mode) => {
    expect(normalizeInit(mode, {})).toBe(mode);
  });

  test.each([
    ['tini', {}, '--init: expected none or embedded, got "tini"'],
    ['', {}, '--init: expected none or embedded, got ""'],
    ['Embedded', {GRACEFUL_INIT: 'none'}, '--init: expected none or embedded, got "Embedded"'],
    [
      'tcp://10.96.0.12:80',
      {GRACEFUL_INIT: 'tcp://10.96.0.12:80'},
      'GRACEFUL_INIT: expected none or embedded, got "tcp://10.96.0.12:80"',
    ],
  ])('refuses %j (environment %j) with exit 2', (value, env, message) => {
    expect(() => normalizeInit(value, env)).toThrow(expect.objectContaining({message, exitCode: 2}));
  });
});
