import {normalizeCount} from '../config/count.ts';
import {normalizeDuration} from '../config/duration.ts';
import {normalizeBoolean} from '../config/usage.ts';
import {UsageError} from '../errors.ts';
import {type DialTarget, parseTarget} from './target.ts';

// Flags of `graceful dial` as yargs hands them over (env GRACEFUL_* merged in).
export interface DialOptionsInput {
  target?: unknown;
  interval?: unknown;
  timeout?: unknown;
  dnsCache?: unknown;
  dropCacheOnError?: unknown;
  count?: unknown;
  duration?: unknown;
  json?: unknown;
}

// Resolved options of one dial run.
export interface DialOptions {
  target: DialTarget;
  intervalMs: number;
  timeoutMs: number;
  // 0: resolve afresh for every attempt.
  dnsCacheMs: number;
  dropCacheOnError: boolean;
  count?: number;
  durationMs?: number;
  json: boolean;
}

// The seed experiment's cadence: one attempt every 100 ms, each allowed 100 ms.
export const DEFAULT_DIAL_INTERVAL_MS = 100;
export const DEFAULT_DIAL_TIMEOUT_MS = 100;

const normalizeOptionalDuration = (flag: string, value: unknown, fallbackMs: number): number =>
  value === undefined ? fallbackMs : normalizeDuration(flag, value);

const validatePositive = (flag: string, ms: number, value: unknown): void => {
  if (ms <= 0) {
    throw new UsageError(`${flag}: expected a duration above 0 such as 100ms, got ${JSON.stringify(value)}`);
  }
};

// Validates the dial flags and resolves them into DialOptions; throws a UsageError naming the flag.
export const normalizeDialOptions = (input: DialOptionsInput): DialOptions => {
  const target = typeof input.target === 'string' ? parseTarget(input.target) : undefined;
  if (target === undefined) {
    const given = input.target === undefined ? 'none' : JSON.stringify(input.target);
    throw new UsageError(`<target>: expected host:port, [ipv6]:port or an http(s):// URL, got ${given}`);
  }

  const intervalMs = normalizeOptionalDuration('--interval', input.interval, DEFAULT_DIAL_INTERVAL_MS);
  const timeoutMs = normalizeOptionalDuration('--timeout', input.timeout, DEFAULT_DIAL_TIMEOUT_MS);
  validatePositive('--interval', intervalMs, input.interval);
  validatePositive('--timeout', timeoutMs, input.timeout);
  const durationMs =
    input.duration === undefined ? undefined : normalizeDuration('--duration', input.duration);
  return {
    target,
    intervalMs,
    timeoutMs,
    dnsCacheMs: normalizeOptionalDuration('--dns-cache', input.dnsCache, 0),
    dropCacheOnError: normalizeBoolean('--drop-cache-on-error', input.dropCacheOnError, false),
    count: input.count === undefined ? undefined : normalizeCount('--count', input.count, {what: 'attempts'}),
    durationMs,
    json: normalizeBoolean('--json', input.json, false),
  };
};
