import {describe, expect, test} from 'vitest';
import {createResolver} from '../../../src/dial/resolver.ts';

// localhost comes from /etc/hosts: a real getaddrinfo call that needs no DNS server.
describe('createResolver', () => {
  test('an IP literal is never looked up', async () => {
    expect(await createResolver(0).resolve('127.0.0.1')).toEqual({address: '127.0.0.1'});
  });

  test('without a cache every call looks the name up', async () => {
    const resolver = createResolver(0);
    for (let index = 0; index < 2; index++) {
      expect(await resolver.resolve('localhost')).toMatchObject({lookupMs: expect.any(Number)});
    }
  });

  test('a cache answers until it expires or is forgotten', async () => {
    let nowMs = 0;
    const resolver = createResolver(1_000, () => nowMs);
    const first = await resolver.resolve('localhost');
    expect(first).toMatchObject({lookupMs: expect.any(Number)});
    nowMs = 999;
    expect(await resolver.resolve('localhost')).toEqual({address: 'address' in first ? first.address : ''});
    nowMs = 1_000;
    expect(await resolver.resolve('localhost')).toMatchObject({lookupMs: expect.any(Number)});
    resolver.forget();
    expect(await resolver.resolve('localhost')).toMatchObject({lookupMs: expect.any(Number)});
  });

  test('a name that does not resolve gives the error and the time the lookup took', async () => {
    expect(await createResolver(0).resolve('no-such-host.invalid')).toMatchObject({
      errorCode: 'no such host',
      lookupMs: expect.any(Number),
    });
  });
});
