import {describe, expect, test} from 'vitest';
import {
  describeStrayInput,
  normalizeBoolean,
  sortUnknownKeys,
  variablesForKey,
  writtenSwitchText,
} from '../../../src/config/usage.ts';

describe('describeStrayInput', () => {
  // command, unknown options, positional words left over, words after --, the command line, the error.
  test.each<[string, string[], string[], string[], string[], string | undefined]>([
    ['run', [], [], [], ['--', 'x'], undefined],
    ['run', ['--bogus'], [], [], ['--bogus', '--', 'x'], '--bogus: unknown option (see graceful --help)'],
    // yargs gives an unknown -x the next word, even `--`: what follows is the command, not a stray word.
    ['run', ['-x'], ['true'], [], ['-x', '--', 'true'], '-x: unknown option (see graceful --help)'],
    [
      'run',
      ['-g'],
      ['nginx'],
      [],
      ['nginx', '-g', 'daemon off;'],
      '-g: unknown option (see graceful --help); unexpected "nginx": put -- before the command, as in graceful [options] -- nginx ...',
    ],
    [
      'run',
      [],
      ['touch', '/tmp/x'],
      [],
      ['touch', '/tmp/x'],
      'unexpected "touch": put -- before the command, as in graceful [options] -- touch ...',
    ],
    // A message stays one line whatever the word holds.
    [
      'run',
      [],
      ['a\nb'],
      [],
      ['a\nb'],
      'unexpected "a\\nb": put -- before the command, as in graceful [options] -- a\\nb ...',
    ],
    [
      'sidecar',
      ['--stop-signal'],
      [],
      [],
      ['sidecar', '--stop-signal', 'X'],
      '--stop-signal: unknown option (see graceful sidecar --help)',
    ],
    [
      'dial',
      [],
      ['extra'],
      [],
      ['dial', 'a:1', 'extra'],
      'unexpected "extra": graceful dial takes no such argument (see graceful dial --help)',
    ],
    [
      'sidecar',
      [],
      [],
      ['nginx'],
      ['sidecar', '--', 'nginx'],
      'unexpected "nginx" after --: graceful sidecar runs no command (see graceful sidecar --help)',
    ],
  ])('%s %j %j %j', (command, unknownOptions, positionalWords, afterDashes, argv, expected) => {
    const error = describeStrayInput({command, unknownOptions, positionalWords, afterDashes, argv});
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
  const known = ['help', 'h', 'version', 'drain', 'stop-timeout', 'stopTimeout'];
  test.each<[string[], string[], Record<string, string>, {options: string[]; variables: string[]}]>([
    [['_', '$0', '--', 'drain'], ['--', 'x'], {}, {options: [], variables: []}],
    [
      ['serviceHost', 'service-host'],
      ['--', 'x'],
      {GRACEFUL_SERVICE_HOST: '10.0.0.1'},
      {options: [], variables: ['serviceHost', 'service-host']},
    ],
    [['drian'], ['--drian', '1', '--', 'x'], {}, {options: ['--drian'], variables: []}],
    [['drian'], ['--drian=1'], {}, {options: ['--drian'], variables: []}],
    [['drian'], ['--no-drian', '--', 'x'], {}, {options: ['--no-drian'], variables: []}],
    [['x'], ['-x', '--', 'y'], {}, {options: ['-x'], variables: []}],
    // Written on the command line, even if a variable of that name is set too.
    [['drian'], ['--drian', '1', '--', 'x'], {GRACEFUL_DRIAN: '2'}, {options: ['--drian'], variables: []}],
    // After --, the word is the command's: the key came from the variable.
    [
      ['serviceHost'],
      ['--', '--service-host'],
      {GRACEFUL_SERVICE_HOST: 'x'},
      {options: [], variables: ['serviceHost']},
    ],
    [['fooBar', 'foo-bar'], ['--foo-bar'], {}, {options: ['--foo-bar'], variables: []}],
    [['fooBar'], ['--fooBar'], {}, {options: ['--fooBar'], variables: []}],
    // What yargs splits: dotted names and bundled shorts come from the command line, whatever their form.
    [['log'], ['--log.level', 'debug', '--', 'x'], {}, {options: ['--log'], variables: []}],
    [['a', 'b', 'c'], ['-abc', '5', '--', 'x'], {}, {options: ['-a', '-b', '-c'], variables: []}],
    [['x'], ['-x5', '--', 'y'], {}, {options: ['-x'], variables: []}],
    // A key no variable explains is the command line's.
    [['constructor'], ['--constructor', '1', '--', 'x'], {}, {options: ['--constructor'], variables: []}],
    [['x'], [], {GRACEFULX: '1'}, {options: [], variables: ['x']}],
  ])('parsed %j with argv %j and %j', (parsed, argv, env, expected) => {
    expect(sortUnknownKeys(parsed, known, argv, env)).toEqual(expected);
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
    ['serviceHost', {}, []],
    ['drainn', {GRACEFUL_DRAINN: '1s', DRAINN: '1s'}, ['GRACEFUL_DRAINN']],
    // yargs' env('GRACEFUL') reads these too: named as they are set.
    ['x', {GRACEFULX: '1'}, ['GRACEFULX']],
    ['', {GRACEFUL__DRAIN: '1s'}, ['GRACEFUL__DRAIN']],
  ])('%s with %j', (key, env, names) => {
    expect(variablesForKey(key, env)).toEqual(names);
  });
});

describe('writtenSwitchText', () => {
  test.each<[string[], string | undefined]>([
    [['--json=maybe'], 'maybe'],
    [['--json=', 'x'], ''],
    [['--json=no', '--json=yes'], 'yes'],
    [['--json'], undefined],
    [['--jsonx=1'], undefined],
    [['--', '--json=maybe'], undefined],
  ])('%j → %j', (argv, expected) => {
    expect(writtenSwitchText('json', argv)).toBe(expected);
  });
});
