import {describe, expect, test} from 'vitest';
import {
  forwardableSignals,
  normalizeSignal,
  parseSignal,
  signalName,
  signalNumber,
} from '../../../src/config/signal.ts';

describe('parseSignal', () => {
  test.each([
    ['SIGQUIT', 'SIGQUIT'],
    ['QUIT', 'SIGQUIT'],
    ['quit', 'SIGQUIT'],
    ['3', 'SIGQUIT'],
    ['15', 'SIGTERM'],
    ['SIGTERM', 'SIGTERM'],
    ['hup', 'SIGHUP'],
    ['9', 'SIGKILL'],
    ['6', 'SIGABRT'],
    ['29', 'SIGIO'],
  ])('%j is %s', (text, name) => {
    expect(parseSignal(text)).toBe(name);
  });

  test.each(['', 'SIGFOO', 'FOO', '0', '65', '-1', 'SIG', '3x'])('%j is no signal', (text) => {
    expect(parseSignal(text)).toBeUndefined();
  });
});

describe('signal numbers', () => {
  test.each([
    ['SIGHUP', 1],
    ['SIGINT', 2],
    ['SIGQUIT', 3],
    ['SIGKILL', 9],
    ['SIGSEGV', 11],
    ['SIGTERM', 15],
  ] as const)('%s is %d', (name, number) => {
    expect(signalNumber(name)).toBe(number);
    expect(signalName(number)).toBe(name);
  });
});

describe('forwardableSignals', () => {
  test('holds the signals servers use and none that cannot or must not be forwarded', () => {
    const signals = forwardableSignals();
    for (const name of [
      'SIGHUP',
      'SIGINT',
      'SIGQUIT',
      'SIGTERM',
      'SIGUSR1',
      'SIGUSR2',
      'SIGWINCH',
      'SIGCONT',
      'SIGTSTP',
      'SIGPIPE',
      'SIGPROF',
      'SIGIO',
    ]) {
      expect(signals).toContain(name);
    }

    for (const name of [
      'SIGKILL',
      'SIGSTOP',
      'SIGCHLD',
      'SIGSEGV',
      'SIGBUS',
      'SIGFPE',
      'SIGILL',
      'SIGTTIN',
      'SIGTTOU',
    ]) {
      expect(signals).not.toContain(name);
    }

    expect(new Set(signals).size).toBe(signals.length);
  });
});

describe('normalizeSignal', () => {
  test('names the flag and the value', () => {
    expect(() => normalizeSignal('--stop-signal', 'SIGNOPE')).toThrow(
      '--stop-signal: expected a signal such as SIGQUIT, QUIT or 3, got "SIGNOPE"',
    );
  });

  test('refuses uncatchable signals where they must be caught', () => {
    expect(() => normalizeSignal('--shutdown-signals', 'KILL', {catchable: true})).toThrow(
      /--shutdown-signals: SIGKILL cannot be caught or forwarded/,
    );
  });

  test('allows SIGKILL as a stop signal', () => {
    expect(normalizeSignal('--stop-signal', 'KILL')).toBe('SIGKILL');
  });
});
