import {describe, expect, test} from 'vitest';
import {formatTarget, parseTarget} from '../../../src/dial/target.ts';

describe('parseTarget', () => {
  test.each([
    ['10.0.0.7:80', {kind: 'tcp', host: '10.0.0.7', port: 80}],
    [
      'web.default.svc.cluster.local:27017',
      {kind: 'tcp', host: 'web.default.svc.cluster.local', port: 27017},
    ],
    ['[::1]:8080', {kind: 'tcp', host: '::1', port: 8080}],
    [' localhost:1 ', {kind: 'tcp', host: 'localhost', port: 1}],
    ['localhost:65535', {kind: 'tcp', host: 'localhost', port: 65535}],
  ])('%s is a TCP target', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  test.each([
    ['http://web/healthz', 'web', 80, false],
    ['https://web.example/', 'web.example', 443, true],
    ['http://127.0.0.1:8080/x?y=1', '127.0.0.1', 8080, false],
    ['HTTP://[::1]:81/', '::1', 81, false],
  ])('%s is a URL target', (text, host, port, tls) => {
    expect(parseTarget(text)).toMatchObject({kind: 'http', host, port, tls});
  });

  test.each([
    '',
    'foo',
    'foo:',
    ':80',
    'foo:0',
    'foo:65536',
    'foo:http',
    '::1:80',
    'a b:80',
    'http://',
    'http://host:99999/',
    'ftp://host/',
  ])('%j is rejected', (text) => {
    expect(parseTarget(text)).toBeUndefined();
  });

  test.each([
    ['[::1]:80', '[::1]:80'],
    ['web:80', 'web:80'],
    ['http://web/healthz', 'http://web/healthz'],
  ])('formatTarget(%s) = %s', (text, expected) => {
    const target = parseTarget(text);
    expect(target && formatTarget(target)).toBe(expected);
  });
});
