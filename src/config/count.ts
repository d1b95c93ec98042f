import {UsageError} from '../errors.ts';

// Reads a count option: a whole number from 1 to `max`, written in digits; `what` names what it counts.
export const normalizeCount = (
  flag: string,
  value: unknown,
  {max, what}: {max?: number; what?: string} = {},
): number => {
  const text = String(value).trim();
  const count = typeof value !== 'boolean' && /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1 && count <= (max ?? Number.MAX_SAFE_INTEGER))) {
    const expected =
      max === undefined
        ? `a whole number${what === undefined ? '' : ` of ${what}`} ≥ 1`
        : `a whole number from 1 to ${max}`;
    throw new UsageError(`${flag}: expected ${expected}, got ${JSON.stringify(value)}`);
  }

  return count;
};
