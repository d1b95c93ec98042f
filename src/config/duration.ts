import {UsageError} from '../errors.ts';

const UNIT_MS: Record<string, number> = {ms: 1, s: 1_000, m: 60_000, h: 3_600_000};
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

// Parses `250ms`, `45s`, `2m`, `1m30s`, `1.5s` or a bare number of seconds into whole milliseconds.
export const parseDuration = (text: string): number | undefined => {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1_000);
  }

  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (const match of trimmed.matchAll(PART)) {
    const [whole, amount = '', unit = ''] = match;
    total += Number(amount) * (UNIT_MS[unit] ?? Number.NaN);
    end = (match.index ?? 0) + whole.length;
  }

  return end > 0 && end === trimmed.length && Number.isFinite(total) ? Math.round(total) : undefined;
};

// The longest duration graceful accepts, 24 days: Node.js timers end at once beyond 2^31 - 1 ms (24.8 days).
export const MAX_DURATION_MS = 24 * 24 * 3_600_000;

// Turns a flag's value into milliseconds or throws a UsageError naming the flag.
export const normalizeDuration = (flag: string, value: unknown): number => {
  const text = typeof value === 'number' ? String(value) : value;
  const ms = typeof text === 'string' ? parseDuration(text) : undefined;
  if (ms === undefined) {
    throw new UsageError(
      `${flag}: expected a duration such as 250ms, 45s, 2m, 1m30s or a number of seconds, got ${JSON.stringify(value)}`,
    );
  }

  if (ms > MAX_DURATION_MS) {
    throw new UsageError(`${flag}: expected at most 576h (24 days), got ${JSON.stringify(value)}`);
  }

  return ms;
};

// Formats milliseconds the way users write them: 1m30s, 45s, 250ms.
export const formatDuration = (ms: number): string => {
  if (ms === 0) {
    return '0s';
  }

  if (ms % 1_000 !== 0) {
    return ms < 1_000 ? `${ms}ms` : `${ms / 1_000}s`;
  }

  const minutes = Math.floor(ms / 60_000);
  const seconds = (ms % 60_000) / 1_000;
  if (minutes === 0) {
    return `${seconds}s`;
  }

  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
};
