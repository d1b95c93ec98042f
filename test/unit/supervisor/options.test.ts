import {describe, expect, test} from 'vitest';
import {
  normalizeRewrite,
  normalizeRunOptions,
  type RunOptionsInput,
} from '../../../src/supervisor/options.ts';

describe('normalizeRunOptions', () => {
  test('defaults', () => {
    expect(normalizeRunOptions({}, ['nginx', '-g', 'daemon off;'])).toEqual({
      command: 'nginx',
      args: ['-g', 'daemon off;'],
      drainMs: 10_000,
      stopSignal: undefined,
      stopTimeoutMs: 10_000,
      refuseMs: 5_000,
      gracePeriodMs: undefined,
      shutdownSignals: ['SIGTERM', 'SIGINT'],
      rewrite: {},
      signalGroup: false,
    });
  });

  test('every option', () => {
    expect(
      normalizeRunOptions(
        {
          drain: '45s',
          stopSignal: 'QUIT',
          stopTimeout: '1m',
          refuse: 15,
          gracePeriod: '120',
          shutdownSignals: 'TERM,SIGUSR2',
          rewrite: ['HUP:USR1', 'SIGWINCH:28'],
          signalGroup: 'true',
        },
        ['mongos'],
      ),
    ).toMatchObject({
      drainMs: 45_000,
      stopSignal: 'SIGQUIT',
      stopTimeoutMs: 60_000,
      refuseMs: 15_000,
      gracePeriodMs: 120_000,
      shutdownSignals: ['SIGTERM', 'SIGUSR2'],
      rewrite: {SIGHUP: 'SIGUSR1', SIGWINCH: 'SIGWINCH'},
      signalGroup: true,
    });
  });

  test.each<[RunOptionsInput, string[], string]>([
    [{}, [], 'no command given: expected graceful [options] -- <command> [args...]'],
    [{}, [''], 'no command given'],
    [
      {drain: 'soon'},
      ['x'],
      '--drain: expected a duration such as 250ms, 45s, 2m, 1m30s or a number of seconds, got "soon"',
    ],
    [{stopTimeout: '-1'}, ['x'], '--stop-timeout: expected a duration'],
    [{refuse: '5 s'}, ['x'], '--refuse: expected a duration'],
    [{gracePeriod: 'x'}, ['x'], '--grace-period: expected a duration'],
    [{stopSignal: 'NOPE'}, ['x'], '--stop-signal: expected a signal such as SIGQUIT, QUIT or 3, got "NOPE"'],
    [
      {shutdownSignals: 'TERM,BOGUS'},
      ['x'],
      '--shutdown-signals: expected a signal such as SIGQUIT, QUIT or 3, got "BOGUS"',
    ],
    [{shutdownSignals: 'SIGKILL'}, ['x'], '--shutdown-signals: SIGKILL cannot be caught or forwarded'],
    [{rewrite: 'HUP'}, ['x'], '--rewrite: expected FROM:TO such as SIGHUP:SIGUSR1, got "HUP"'],
    [{rewrite: 'HUP:USR1:USR2'}, ['x'], '--rewrite: expected FROM:TO'],
    [{rewrite: 'HUP:NOPE'}, ['x'], '--rewrite: expected a signal such as SIGQUIT, QUIT or 3, got "NOPE"'],
    [
      {rewrite: 'SIGTERM:SIGQUIT'},
      ['x'],
      "--rewrite SIGTERM:SIGQUIT: SIGTERM starts graceful's shutdown and is never forwarded; to stop the child with SIGQUIT after the drain, use --stop-signal SIGQUIT",
    ],
    [
      {rewrite: 'QUIT:HUP', shutdownSignals: 'SIGQUIT'},
      ['x'],
      '--rewrite SIGQUIT:SIGHUP: SIGQUIT starts graceful',
    ],
    [{stopTimeout: '600h'}, ['x'], '--stop-timeout: expected at most 576h (24 days), got "600h"'],
    [{signalGroup: 'maybe'}, ['x'], '--signal-group: expected true or false, got "maybe"'],
    [
      {drain: '30s', gracePeriod: '20s'},
      ['x'],
      '--drain + --stop-timeout + --refuse (30s + 10s + 5s = 45s) exceed --grace-period (20s): the kubelet would SIGKILL first',
    ],
  ])('%j %j: %s', (input, command, message) => {
    expect(() => normalizeRunOptions(input, command)).toThrow(message);
    expect(() => normalizeRunOptions(input, command)).toThrow(expect.objectContaining({exitCode: 2}));
  });

  test('a budget equal to the grace period is allowed', () => {
    expect(
      normalizeRunOptions({drain: '45s', stopTimeout: '60s', refuse: '15s', gracePeriod: '2m'}, ['x']),
    ).toMatchObject({
      gracePeriodMs: 120_000,
    });
  });
});

describe('normalizeRewrite', () => {
  test('maps received to delivered signals', () => {
    expect(normalizeRewrite(['SIGHUP:SIGUSR1', 'USR2:3'])).toEqual({SIGHUP: 'SIGUSR1', SIGUSR2: 'SIGQUIT'});
  });
});
