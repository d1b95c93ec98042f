import {UsageError} from '../errors.ts';

const kebab = (name: string): string => name.replaceAll(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

// Turns yargs' failure text into graceful's one-line usage errors: which flag, variable or word, and what to do.
export const describeUsageFailure = (message: string, argv: string[], env: NodeJS.ProcessEnv): UsageError => {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown === null) {
    return new UsageError(message.split('\n')[0] ?? message);
  }

  const names = (unknown[1] ?? '').split(', ');
  const beforeDashes = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const reasons = names.map((name) => {
    const variable = `GRACEFUL_${kebab(name).replaceAll('-', '_').toUpperCase()}`;
    if (
      beforeDashes.some(
        (word) => word === `--${name}` || word.startsWith(`--${name}=`) || word === `-${name}`,
      )
    ) {
      return `${name.length === 1 ? '-' : '--'}${name}: unknown option (see graceful --help)`;
    }

    if (beforeDashes.includes(name)) {
      return `unexpected ${JSON.stringify(name)}: put -- before the command, as in graceful [options] -- ${name} ...`;
    }

    if (env[variable] !== undefined) {
      return `${variable}: unknown variable; graceful reads GRACEFUL_<OPTION> for its options (see graceful --help)`;
    }

    return undefined;
  });
  const known = reasons.filter((reason) => reason !== undefined);
  return new UsageError(known.length > 0 ? known.join('; ') : `${message} (see graceful --help)`);
};

// Reads an on/off flag given as a string: absent → fallback; '', true, 1, yes → true; false, 0, no → false.
export const normalizeBoolean = (flag: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['', 'true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw new UsageError(`${flag}: expected true or false, got ${JSON.stringify(value)}`);
};
