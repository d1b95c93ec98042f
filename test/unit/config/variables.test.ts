import {describe, expect, test} from 'vitest';
import {givenOnCommandLine, isServiceLink, nameVariable} from '../../../src/config/variables.ts';
import {UsageError} from '../../../src/errors.ts';

describe('isServiceLink', () => {
  test.each([
    ['tcp://10.96.0.12:8090', true],
    ['udp://10.96.0.10:53', true],
    ['sctp://10.0.0.1:9', true],
    [' tcp://[fd00::1]:80 ', true],
    ['8090', false],
    ['tcp://', false],
    ['http://10.0.0.1', false],
    ['45s', false],
  ])('%j → %s', (value, expected) => {
    expect(isServiceLink(value)).toBe(expected);
  });
});

describe('givenOnCommandLine', () => {
  test.each([
    ['--drain', ['--drain', '5s', '--', 'x'], true],
    ['--drain', ['--drain=5s', '--', 'x'], true],
    ['--signal-group', ['--no-signal-group', '--', 'x'], true],
    ['--drain', ['--', 'x', '--drain', '5s'], false],
    ['--drain', ['--drain-min', '1s', '--', 'x'], false],
    ['--drain', [], false],
  ])('%s in %j → %s', (flag, argv, expected) => {
    expect(givenOnCommandLine(flag, argv)).toBe(expected);
  });
});

describe('nameVariable', () => {
  const error = new UsageError('--drain: expected a duration, got "abc"');
  test('an error about an option set only by its variable names the variable and its value', () => {
    const named = nameVariable(error, ['--', 'x'], {GRACEFUL_DRAIN: 'abc'}) as UsageError;
    expect(named.message).toBe('GRACEFUL_DRAIN="abc": --drain: expected a duration, got "abc"');
    expect(named.exitCode).toBe(2);
  });

  test.each([
    ['the flag is on the command line', ['--drain', 'abc', '--', 'x'], {GRACEFUL_DRAIN: 'abc'}],
    ['no variable is set', ['--', 'x'], {}],
  ])('unchanged when %s', (_, argv, env) => {
    expect(nameVariable(error, argv, env)).toBe(error);
  });

  test('errors that are not about an option pass through', () => {
    const other = new Error('boom');
    expect(nameVariable(other, [], {GRACEFUL_DRAIN: 'x'})).toBe(other);
    const noFlag = new UsageError('no command given');
    expect(noFlag.flag).toBeUndefined();
    expect(nameVariable(noFlag, [], {})).toBe(noFlag);
  });
});
