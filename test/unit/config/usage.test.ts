import {describe, expect, test} from 'vitest';
import {
  describeUsageFailure,
  findUnknownVariables,
  normalizeBoolean,
  variableName,
  variablesForKey,
} from '../../../src/config/usage.ts';

describe('describeUsageFailure', () => {
  test.each<[string, string[], string]>([
    ['Unknown argument: bogus', ['--bogus', '--', 'x'], '--bogus: unknown option (see graceful --help)'],
    ['Unknown argument: bogus', ['--bogus=1', '--', 'x'], '--bogus: unknown option'],
    ['Unknown argument: x', ['-x', '--', 'true'], '-x: unknown option'],
    [
      'Unknown arguments: g, nginx',
      ['nginx', '-g', 'daemon off;'],
      '-g: unknown option (see graceful --help); unexpected "nginx": put -- before the command, as in graceful [options] -- nginx ...',
    ],
    ['Not enough arguments following: drain', ['--drain'], 'Not enough arguments following: drain'],
  ])('%s (%j)', (message, argv, expected) => {
    const error = describeUsageFailure(message, argv);
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

describe('findUnknownVariables', () => {
  const known = ['help', 'version', 'drain', 'stop-timeout', 'stopTimeout'];
  test.each<[string[], string[], string[]]>([
    [['_', '$0', '--', 'drain'], ['--', 'x'], []],
    [
      ['serviceHost', 'service-host'],
      ['--', 'x'],
      ['serviceHost', 'service-host'],
    ],
    [['drian'], ['--drian', '1', '--', 'x'], []],
    [['drian'], ['--drian=1'], []],
    [['x'], ['-x', '--', 'y'], []],
    [['serviceHost'], ['--', '--service-host'], ['serviceHost']],
    [['fooBar', 'foo-bar'], ['--foo-bar'], []],
  ])('parsed %j with argv %j: %j', (parsed, argv, expected) => {
    expect(findUnknownVariables(parsed, known, argv)).toEqual(expected);
  });

  test.each([
    ['serviceHost', 'GRACEFUL_SERVICE_HOST'],
    ['stop-timeout', 'GRACEFUL_STOP_TIMEOUT'],
  ])('%s is set by %s', (key, variable) => {
    expect(variableName(key)).toBe(variable);
  });
});

describe('variablesForKey', () => {
  test.each<[string, Record<string, string>, string[]]>([
    [
      'port80Tcp',
      {GRACEFUL_PORT_80_TCP: 'tcp://10.0.0.1:80', GRACEFUL_PORT: 'tcp://10.0.0.1:80'},
      ['GRACEFUL_PORT_80_TCP'],
    ],
    ['serviceHost', {GRACEFUL_SERVICE_HOST: '10.0.0.1'}, ['GRACEFUL_SERVICE_HOST']],
    ['serviceHost', {}, ['GRACEFUL_SERVICE_HOST']],
    ['drainn', {GRACEFUL_DRAINN: '1s', DRAINN: '1s'}, ['GRACEFUL_DRAINN']],
  ])('%s with %j', (key, env, names) => {
    expect(variablesForKey(key, env)).toEqual(names);
  });
});
