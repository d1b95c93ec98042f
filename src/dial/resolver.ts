import {lookup} from 'node:dns/promises';
import {isIP} from 'node:net';
import {performance} from 'node:perf_hooks';

// One name resolution: the address dialed or the resolver's error code, and how long the lookup took
// (undefined when served from the cache or when the host is an IP literal).
export type Resolution = {address: string; lookupMs?: number} | {errorCode: string; lookupMs: number};

// Resolves a host through getaddrinfo (as Go's cgo resolver and Node.js do), optionally caching the
// answer for cacheMs like a JVM client; forget() drops the cache, as a careful driver does on errors.
export interface Resolver {
  resolve: (host: string) => Promise<Resolution>;
  forget: () => void;
}

// Makes a resolver; with cacheMs 0 every call asks the system resolver afresh.
export const createResolver = (cacheMs: number, now: () => number = Date.now): Resolver => {
  let cached: {host: string; address: string; expiresAtMs: number} | undefined;
  return {
    resolve: async (host) => {
      if (isIP(host) !== 0) {
        return {address: host};
      }

      if (cached !== undefined && cached.host === host && now() < cached.expiresAtMs) {
        return {address: cached.address};
      }

      const startMs = performance.now();
      let address: string;
      try {
        // The first address, as net.connect and Go's dialer try first.
        ({address} = await lookup(host));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
          errorCode: code === 'ENOTFOUND' ? 'no such host' : (code ?? 'lookup failed'),
          lookupMs: performance.now() - startMs,
        };
      }

      const lookupMs = performance.now() - startMs;
      if (cacheMs > 0) {
        cached = {host, address, expiresAtMs: now() + cacheMs};
      }

      return {address, lookupMs};
    },
    forget: () => {
      cached = undefined;
    },
  };
};
