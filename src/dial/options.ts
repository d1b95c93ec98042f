import {normalizeCount} from '../config/count.ts';
import {normalizeDuration} from '../config/duration.ts';
import type {OptionSpec, OptionsInput} from '../config/option-spec.ts';
import {normalizeBoolean} from '../config/usage.ts';
import {UsageError} from '../errors.ts';
import {type DialTarget, parseTarget} from './target.ts';

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

// The options of `graceful dial`.
export const DIAL_OPTIONS = [
  {name: 'interval', kind: 'duration', default: DEFAULT_DIAL_INTERVAL_MS, describe: 'time between attempts'},
  {
    name: 'timeout',
    kind: 'duration',
    default: DEFAULT_DIAL_TIMEOUT_MS,
    describe: 'connect timeout, and response timeout for URLs',
  },
  {
    name: 'dns-cache',
    kind: 'duration',
    default: 0,
    describe: 'keep a resolved address this long, like a JVM client (0: resolve each time)',
  },
  {
    name: 'drop-cache-on-error',
    kind: 'boolean',
    switch: true,
    default: false,
    describe: 'forget the cached address after any failed attempt, like a careful driver',
  },
  {name: 'count', kind: 'count', defaultText: 'no limit', describe: 'stop after this many attempts'},
  {
    name: 'duration',
    kind: 'duration',
    defaultText: 'no limit',
    describe: 'stop after this long (Ctrl-C stops too)',
  },
  {
    name: 'json',
    kind: 'boolean',
    switch: true,
    default: false,
    describe: 'print NDJSON: one object per change, then the summary',
  },
] as const satisfies readonly OptionSpec[];

// Flags of `graceful dial` as yargs hands them over (env GRACEFUL_* merged in), and the target.
export type DialOptionsInput = OptionsInput<typeof DIAL_OPTIONS> & {target?: unknown};

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
