import {describe, expect, test} from 'vitest';
import {normalizeHost, normalizeHostPort} from '../../../src/config/port.ts';
import {normalizeHealthOptions} from '../../../src/health/options.ts';

describe('normalizeHealthOptions', () => {
  test('nothing given: no health endpoints, a fixed drain', () => {
    expect(normalizeHealthOptions({}, 10_000)).toEqual({
      port: undefined,
      host: undefined,
      readyTcp: undefined,
      quiet: undefined,
      prestopMax: 16,
      prestopToken: undefined,
      drainReadiness: 'unready',
    });
  });

  test.each([
    [{healthPort: '8090'}, {port: 8090}],
    [
      {healthPort: 8090, healthHost: '::'},
      {port: 8090, host: '::'},
    ],
    [{healthPort: '8090', readyTcp: '27017'}, {readyTcp: {host: '127.0.0.1', port: 27017}}],
    [{healthPort: '8090', readyTcp: '[::1]:80'}, {readyTcp: {host: '::1', port: 80}}],
    [{quiet: '5s'}, {quiet: {drainMinMs: 0, quietMs: 5_000}}],
    [{quiet: '5s', drainMin: '10s'}, {quiet: {drainMinMs: 10_000, quietMs: 5_000}}],
    [{quiet: '1s', drainMin: '30s'}, {quiet: {drainMinMs: 30_000, quietMs: 1_000}}],
    [
      {prestopMax: '4', prestopToken: 'x'},
      {prestopMax: 4, prestopToken: 'x'},
    ],
    [{healthPort: '8090', drainReadiness: 'ready'}, {drainReadiness: 'ready'}],
  ])('%j', (input, expected) => {
    expect(normalizeHealthOptions(input, 30_000)).toMatchObject(expected);
  });

  test('the sidecar has a default port', () => {
    expect(normalizeHealthOptions({}, 30_000, 8090).port).toBe(8090);
  });

  test.each([
    [{healthPort: '0'}, '--health-port: expected a TCP port from 1 to 65535, got "0"'],
    [{healthPort: 'x'}, '--health-port: expected a TCP port from 1 to 65535, got "x"'],
    [{healthHost: '::'}, '--health-host: "::" given without --health-port'],
    [{readyTcp: '80'}, '--ready-tcp: "80" given without --health-port'],
    [
      {healthPort: '1', readyTcp: 'db:http'},
      '--ready-tcp: expected a TCP port from 1 to 65535, got "db:http"',
    ],
    [
      {drainMin: '5s'},
      '--drain-min: "5s" given without --quiet; expected both, as in --drain-min 10s --quiet 5s',
    ],
    [{quiet: '0'}, '--quiet: expected a duration above 0, got "0"'],
    [{quiet: 'soon'}, '--quiet: expected a duration such as 250ms'],
    [{quiet: '1s', drainMin: 'x'}, '--drain-min: expected a duration'],
    [
      {quiet: '1s', drainMin: '31s'},
      '--drain-min (31s) exceeds --drain (30s): --drain is the longest a drain lasts',
    ],
    [{prestopMax: '0'}, '--prestop-max: expected a whole number from 1 to 1000, got "0"'],
    [
      {healthPort: '8090', drainReadiness: 'serving'},
      '--drain-readiness: expected one of unready, ready, got "serving"',
    ],
    [{drainReadiness: 'ready'}, '--drain-readiness: "ready" given without --health-port'],
  ])('%j is a usage error', (input, message) => {
    expect(() => normalizeHealthOptions(input, 30_000)).toThrow(message);
  });
});

describe('normalizeHostPort', () => {
  test.each([
    ['80', {host: '127.0.0.1', port: 80}],
    ['db:27017', {host: 'db', port: 27017}],
    ['10.0.0.1:80', {host: '10.0.0.1', port: 80}],
    ['[::1]:8080', {host: '::1', port: 8080}],
  ])('%s', (text, expected) => {
    expect(normalizeHostPort('--ready-tcp', text)).toEqual(expected);
  });
});

describe('normalizeHost', () => {
  test.each([
    '0.0.0.0',
    '::',
    '::1',
    'fe80::1%eth0',
    'localhost',
    'mongos-0.mongos.db.svc.cluster.local',
    '10.1.2.3',
  ])('%s is a host', (host) => {
    expect(normalizeHost('--health-host', host)).toBe(host);
  });

  test.each(['-', '-a', 'a b', 'a..b', 'http://x', 'x:', 'a_b', '.'])(
    '%j is refused, naming the flag',
    (host) => {
      expect(() => normalizeHost('--health-host', host)).toThrow(
        `--health-host: expected a host name or an IP address such as 0.0.0.0 or ::, got ${JSON.stringify(host)}`,
      );
    },
  );
});
