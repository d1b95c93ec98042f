import {describe, expect, test} from 'vitest';
import {normalizeDialOptions} from '../../../src/dial/options.ts';
import {UsageError} from '../../../src/errors.ts';

describe('normalizeDialOptions', () => {
  test('defaults are the seed experiment: every 100ms, 100ms timeout, no cache, no bound', () => {
    expect(normalizeDialOptions({target: 'web:80'})).toEqual({
      target: {kind: 'tcp', host: 'web', port: 80},
      intervalMs: 100,
      timeoutMs: 100,
      dnsCacheMs: 0,
      dropCacheOnError: false,
      count: undefined,
      durationMs: undefined,
      json: false,
    });
  });

  test('flags are resolved', () => {
    expect(
      normalizeDialOptions({
        target: 'web:80',
        interval: '250ms',
        timeout: '1s',
        dnsCache: '30s',
        dropCacheOnError: true,
        count: '10',
        duration: '1m',
        json: true,
      }),
    ).toMatchObject({
      intervalMs: 250,
      timeoutMs: 1_000,
      dnsCacheMs: 30_000,
      dropCacheOnError: true,
      count: 10,
      durationMs: 60_000,
      json: true,
    });
  });

  test.each([
    [{target: 'web'}, /^<target>: expected host:port.*got "web"$/],
    [{target: undefined}, /^<target>: .*got none$/],
    [{target: 'web:80', interval: 'soon'}, /^--interval: expected a duration.*got "soon"$/],
    [{target: 'web:80', interval: '0'}, /^--interval: expected a duration above 0.*got "0"$/],
    [{target: 'web:80', timeout: '0ms'}, /^--timeout: expected a duration above 0.*got "0ms"$/],
    [{target: 'web:80', dnsCache: '-1'}, /^--dns-cache: expected a duration/],
    [{target: 'web:80', count: '0'}, /^--count: expected a whole number of attempts ≥ 1, got "0"$/],
    [{target: 'web:80', count: '1.5'}, /^--count: /],
    [{target: 'web:80', duration: 'forever'}, /^--duration: expected a duration.*got "forever"$/],
  ])('%o is a usage error', (input, message) => {
    expect(() => normalizeDialOptions(input)).toThrow(UsageError);
    expect(() => normalizeDialOptions(input)).toThrow(message);
  });
});
