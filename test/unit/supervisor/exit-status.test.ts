import {constants} from 'node:os';
import {describe, expect, test} from 'vitest';
import {describeSpawnFailure, exitStatus} from '../../../src/supervisor/exit-status.ts';

describe('exitStatus', () => {
  test.each(Array.from({length: 256}, (_, code) => code))('exit code %d passes through', (code) => {
    expect(exitStatus({type: 'exited', code})).toBe(code);
  });

  test.each(['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGSEGV', 'SIGTERM', 'SIGUSR1', 'SIGABRT'] as const)(
    'killed by %s is 128 + its number',
    (signal) => {
      expect(exitStatus({type: 'signaled', signal})).toBe(128 + constants.signals[signal]);
    },
  );

  test.each([
    ['ENOENT', 127],
    ['EACCES', 126],
    ['ENOEXEC', 126],
    [undefined, 126],
  ])('exec failure %s is %d', (errorCode, status) => {
    expect(exitStatus({type: 'spawnFailed', errorCode})).toBe(status);
  });
});

describe('describeSpawnFailure', () => {
  test.each([
    ['ENOENT', 'cannot run nope: command not found (exit 127)'],
    ['EACCES', 'cannot run nope: permission denied, the file is not executable (exit 126)'],
    ['ENOEXEC', 'cannot run nope: ENOEXEC (exit 126)'],
  ])('%s', (errorCode, message) => {
    expect(describeSpawnFailure('nope', errorCode)).toBe(message);
  });
});
