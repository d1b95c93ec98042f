import {UsageError} from '../errors.ts';
import {flagVariable} from './option-spec.ts';
import {givenOnCommandLine} from './variables.ts';

const kebab = (name: string): string => name.replaceAll(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

// Turns yargs' failure text into graceful's one-line usage errors: which flag, variable or word, and what to do.
export const describeUsageFailure = (message: string, argv: string[]): UsageError => {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown === null) {
    return new UsageError(message.split('\n')[0] ?? message);
  }

  const names = (unknown[1] ?? '').split(', ');
  const beforeDashes = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const reasons = names.map((name) => {
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

    return undefined;
  });
  const known = reasons.filter((reason) => reason !== undefined);
  return new UsageError(known.length > 0 ? known.join('; ') : `${message} (see graceful --help)`);
};

// Parsed keys that no option of the command declares and that no word of the command line set: they came
// from GRACEFUL_* variables, such as the GRACEFUL_SERVICE_HOST that Kubernetes injects for a Service named
// graceful, and must not stop graceful.
export const findUnknownVariables = (parsedKeys: string[], knownKeys: string[], argv: string[]): string[] => {
  const words = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  // --name, --no-name and --name=…, as for a variable's errors; and -name, yargs' form of a short alias.
  const fromWords = (key: string): boolean =>
    [key, kebab(key)].some(
      (name) =>
        givenOnCommandLine(name, argv) ||
        words.some((word) => word === `-${name}` || word.startsWith(`-${name}=`)),
    );
  return parsedKeys.filter(
    (key) =>
      !['_', '$0', '--'].includes(key) &&
      !knownKeys.includes(key) &&
      !knownKeys.includes(kebab(key)) &&
      !fromWords(key),
  );
};

// The environment variable that sets a parsed key: GRACEFUL_STOP_TIMEOUT for stopTimeout or stop-timeout.
export const variableName = (key: string): string => flagVariable(kebab(key));

// The GRACEFUL_* variables behind a parsed key: yargs reads GRACEFUL_PORT_80_TCP as port80Tcp, which
// variableName cannot turn back.
export const variablesForKey = (key: string, env: Record<string, string | undefined>): string[] => {
  const squash = (text: string): string => text.replaceAll(/[^a-z0-9]/gi, '').toLowerCase();
  const names = Object.keys(env).filter(
    (name) => name.startsWith('GRACEFUL_') && squash(name.slice('GRACEFUL_'.length)) === squash(key),
  );
  return names.length > 0 ? names : [variableName(key)];
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
