import {describe, expect, test} from 'vitest';
import {
  type Attempt,
  classifyConnectError,
  describeAttempt,
  isFailure,
  sameState,
} from '../../../src/dial/states.ts';

describe('classifyConnectError', () => {
  test.each([
    ['ECONNREFUSED', 'refused'],
    ['ETIMEDOUT', 'timeout'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'unreachable'],
    ['EHOSTDOWN', 'unreachable'],
    ['ENETDOWN', 'unreachable'],
    ['ECONNRESET', 'error'],
    [undefined, 'error'],
  ])('%s → %s', (code, state) => {
    expect(classifyConnectError(code)).toBe(state);
  });
});

describe('describeAttempt', () => {
  const at = {atMs: 0, address: '10.0.0.7:80'};
  test.each<[Attempt, string]>([
    [{...at, state: 'connected'}, 'connected to 10.0.0.7:80'],
    [{...at, state: 'refused'}, 'dial tcp 10.0.0.7:80: connect: connection refused'],
    [{...at, state: 'timeout'}, 'dial tcp 10.0.0.7:80: i/o timeout'],
    [
      {...at, state: 'unreachable', detail: 'EHOSTUNREACH'},
      'dial tcp 10.0.0.7:80: connect: no route to host (EHOSTUNREACH)',
    ],
    [{atMs: 0, state: 'dns', detail: 'lookup web: no such host'}, 'dial tcp: lookup web: no such host'],
    [{...at, state: 'http', detail: '503'}, 'GET web:80 via 10.0.0.7:80: HTTP 503'],
    [{...at, state: 'error', detail: 'ECONNRESET'}, 'dial tcp 10.0.0.7:80: ECONNRESET'],
  ])('%o', (attempt, text) => {
    expect(describeAttempt(attempt, 'web:80')).toBe(text);
  });
});

describe('isFailure and sameState', () => {
  test('only connected is no failure', () => {
    expect(
      ['connected', 'refused', 'timeout', 'unreachable', 'dns', 'http', 'error'].filter((state) =>
        isFailure(state as Attempt['state']),
      ),
    ).toHaveLength(6);
  });

  test.each<[Attempt, Attempt, boolean]>([
    [{atMs: 0, state: 'connected', address: 'a'}, {atMs: 1, state: 'connected', address: 'a'}, true],
    [{atMs: 0, state: 'connected', address: 'a'}, {atMs: 1, state: 'connected', address: 'b'}, false],
    [{atMs: 0, state: 'timeout', address: 'a'}, {atMs: 1, state: 'refused', address: 'a'}, false],
    [
      {atMs: 0, state: 'http', address: 'a', detail: '502'},
      {atMs: 1, state: 'http', address: 'a', detail: '503'},
      false,
    ],
  ])('%o then %o: same = %s', (a, b, same) => {
    expect(sameState(a, b)).toBe(same);
  });
});
