import {UsageError} from '../errors.ts';

// Splits repeatable or comma-separated list values: `--rewrite A:B --rewrite C:D` or `SIGTERM,SIGINT`.
export const normalizeList = (value: string | number | readonly (string | number)[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');

// yargs hands a repeatable option written with no value after it (`--rewrite --`) over as an empty list.
export const refuseValueless = (flag: string, value: unknown, expected: string): void => {
  if (Array.isArray(value) && value.length === 0) {
    throw new UsageError(`${flag}: expected ${expected}, got none`);
  }
};
