import {describe, expect, test} from 'vitest';
import {describeUsageFailure, normalizeBoolean} from '../../../src/config/usage.ts';

describe('describeUsageFailure', () => {
  test.each([
    ['Unknown argument: bogus', ['--bogus', '--', 'x'], {}, '--bogus: unknown option (see graceful --help)'],
    ['Unknown argument: bogus', ['--bogus=1', '--', 'x'], {}, '--bogus: unknown option'],
    ['Unknown argument: x', ['-x', '--', 'true'], {}, '-x: unknown option'],
    [
      'Unknown arguments: g, nginx',
      ['nginx', '-g', 'daemon off;'],
      {},
      '-g: unknown option (see graceful --help); unexpected "nginx": put -- before the command, as in graceful [options] -- nginx ...',
    ],
    [
      'Unknown argument: drian',
      ['--', 'x'],
      {GRACEFUL_DRIAN: '1'},
      'GRACEFUL_DRIAN: unknown variable; graceful reads GRACEFUL_<OPTION> for its options (see graceful --help)',
    ],
    [
      'Unknown argument: stopTimout',
      ['--', 'x'],
      {GRACEFUL_STOP_TIMOUT: '1'},
      'GRACEFUL_STOP_TIMOUT: unknown variable',
    ],
    ['Not enough arguments following: drain', ['--drain'], {}, 'Not enough arguments following: drain'],
  ])('%s (%j)', (message, argv, env, expected) => {
    const error = describeUsageFailure(message, argv, env);
    expect(error.message).toContain(expected);
    expect(error.exitCode).toBe(2);
    expect(error.message).not.toContain('\n');
  });
});

describe('normalizeBoolean', () => {
  test.each([
    [undefined, false],
    ['', true],
    ['true', true],
    ['1', true],
    ['yes', true],
    [true, true],
    ['false', false],
    ['0', false],
    ['no', false],
    [false, false],
  ])('%j is %s', (value, expected) => {
    expect(normalizeBoolean('--signal-group', value, false)).toBe(expected);
  });

  test('anything else is a usage error', () => {
    expect(() => normalizeBoolean('--signal-group', 'maybe', false)).toThrow(
      '--signal-group: expected true or false, got "maybe"',
    );
  });
});
