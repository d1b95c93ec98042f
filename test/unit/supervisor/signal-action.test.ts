import {describe, expect, test} from 'vitest';
import {signalAction} from '../../../src/supervisor/signal-action.ts';

describe('signalAction', () => {
  const shutdown: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  test.each<[NodeJS.Signals, ReturnType<typeof signalAction>]>([
    ['SIGTERM', 'shutdown'],
    ['SIGINT', 'shutdown'],
    ['SIGHUP', 'forward'],
    ['SIGUSR1', 'forward'],
    ['SIGPIPE', 'forward'],
    ['SIGPROF', 'forward'],
    ['SIGIO', 'forward'],
    ['SIGWINCH', 'forward'],
    ['SIGTSTP', 'forward'],
    ['SIGTTIN', 'ignore'],
    ['SIGTTOU', 'ignore'],
    ['SIGSEGV', 'fatal'],
    ['SIGABRT', 'fatal'],
    ['SIGILL', 'fatal'],
    ['SIGTRAP', 'fatal'],
    ['SIGBUS', 'fatal'],
    ['SIGFPE', 'fatal'],
    ['SIGSYS', 'fatal'],
  ])('%s → %s', (signal, action) => {
    expect(signalAction(signal, shutdown)).toBe(action);
  });

  test('--shutdown-signals decides what starts the shutdown', () => {
    expect(signalAction('SIGTERM', ['SIGQUIT'])).toBe('forward');
    expect(signalAction('SIGQUIT', ['SIGQUIT'])).toBe('shutdown');
  });
});
