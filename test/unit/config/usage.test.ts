import {describe, expect, test} from 'vitest';
import {
  describeStrayInput,
  normalizeBoolean,
  sortUnknownKeys,
  variableName,
  variablesForKey,
} from '../../../src/config/usage.ts';

describe('describeStrayInput', () => {
  // command, unknown options, positional words left over, the command line, the error.
  test.each<[string, string[], string[], string[], string | undefined]>([
    ['run', [], [], ['--', 'x'], undefined],
    ['run', ['--bogus'], [], ['--bogus', '--', 'x'], '--bogus: unknown option (see graceful --help)'],
    // yargs gives an unknown -x the next word, even `--`: what follows is the command, not a stray word.
    ['run', ['-x'], ['true'], ['-x', '--', 'true'], '-x: unknown option (see graceful --help)'],
    [
      'run',
      ['-g'],
      ['nginx'],
      ['nginx', '-g', 'daemon off;'],
      '-g: unknown option (see graceful --help); unexpected "nginx": put -- before the command, as in graceful [options] -- nginx ...',
    ],
    [
      'run',
      [],
      ['touch', '/tmp/x'],
      ['touch', '/tmp/x'],
      'unexpected "touch": put -- before the command, as in graceful [options] -- touch ...',
    ],
    [
      'sidecar',
      ['--stop-signal'],
      [],
      ['sidecar', '--stop-signal', 'X'],
      '--stop-signal: unknown option (see graceful sidecar --help)',
    ],
    [
      'dial',
      [],
      ['extra'],
      ['dial', 'a:1', 'extra'],
      'unexpected "extra": graceful dial takes no such argument (see graceful dial --help)',
    ],
  ])('%s %j %j', (command, options, words, argv, expected) => {
    const error = describeStrayInput(command, options, words, argv);
    expect(error?.message).toBe(expected);
    if (error !== undefined) expect(error.exitCode).toBe(2);
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

describe('sortUnknownKeys', () => {
  const known = ['help', 'version', 'drain', 'stop-timeout', 'stopTimeout'];
  test.each<[string[], string[], {options: string[]; variables: string[]}]>([
    [['_', '$0', '--', 'drain'], ['--', 'x'], {options: [], variables: []}],
    [['serviceHost', 'service-host'], ['--', 'x'], {options: [], variables: ['serviceHost', 'service-host']}],
    [['drian'], ['--drian', '1', '--', 'x'], {options: ['--drian'], variables: []}],
    [['drian'], ['--drian=1'], {options: ['--drian'], variables: []}],
    [['drian'], ['--no-drian', '--', 'x'], {options: ['--drian'], variables: []}],
    [['x'], ['-x', '--', 'y'], {options: ['-x'], variables: []}],
    [['serviceHost'], ['--', '--service-host'], {options: [], variables: ['serviceHost']}],
    [['fooBar', 'foo-bar'], ['--foo-bar'], {options: ['--foo-bar'], variables: []}],
    [['fooBar'], ['--fooBar'], {options: ['--fooBar'], variables: []}],
  ])('parsed %j with argv %j: %j', (parsed, argv, expected) => {
    expect(sortUnknownKeys(parsed, known, argv)).toEqual(expected);
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
