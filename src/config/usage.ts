import {UsageError} from '../errors.ts';
import {flagVariable} from './option-spec.ts';
import {givenOnCommandLine} from './variables.ts';

const kebab = (name: string): string => name.replaceAll(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

// The words before `--`: graceful's own options; everything after belongs to the command.
const ownWords = (argv: string[]): string[] =>
  argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;

// How the command line wrote a parsed key (--name, --no-name, --name=…, or yargs' -name), or undefined.
const writtenAs = (key: string, argv: string[]): string | undefined => {
  const words = ownWords(argv);
  for (const name of new Set([kebab(key), key])) {
    if (givenOnCommandLine(name, argv)) return `--${name}`;
    if (words.some((word) => word === `-${name}` || word.startsWith(`-${name}=`))) return `-${name}`;
  }
  return undefined;
};

const isUnknown = (key: string, knownKeys: string[]): boolean =>
  !['_', '$0', '--'].includes(key) && !knownKeys.includes(key) && !knownKeys.includes(kebab(key));

/*
Parsed keys that no option of the command declares, sorted by where they came from. yargs parses leniently; graceful
is strict for the command line (options: each as written, --bogus or -x) and lenient for the environment
(variables: keys set only by GRACEFUL_* variables, such as the GRACEFUL_SERVICE_HOST that Kubernetes injects for a
Service named graceful, which must not stop graceful).
*/
export const sortUnknownKeys = (
  parsedKeys: string[],
  knownKeys: string[],
  argv: string[],
): {options: string[]; variables: string[]} => {
  const unknown = parsedKeys.filter((key) => isUnknown(key, knownKeys));
  const written = unknown.map((key) => writtenAs(key, argv));
  return {
    options: [...new Set(written.filter((word) => word !== undefined))],
    variables: unknown.filter((_, index) => written[index] === undefined),
  };
};

/*
The usage error for a command line with options no option declares, or words no argument takes (the command's
positional words past what it declares): undefined when there is none. `run` is the wrapper, whose stray word is a
command given without `--`. A word after `--` is stray only because an unknown option took `--` as its value.
*/
export const describeStrayInput = (
  command: string,
  unknownOptions: string[],
  positionalWords: string[],
  argv: string[],
): UsageError | undefined => {
  const words = ownWords(argv);
  const strayWords = positionalWords.filter((word) => words.includes(word));
  const help = command === 'run' ? 'graceful --help' : `graceful ${command} --help`;
  const reasons = [
    ...unknownOptions.map((option) => `${option}: unknown option (see ${help})`),
    ...strayWords
      .slice(0, 1)
      .map((word) =>
        command === 'run'
          ? `unexpected ${JSON.stringify(word)}: put -- before the command, as in graceful [options] -- ${word} ...`
          : `unexpected ${JSON.stringify(word)}: graceful ${command} takes no such argument (see ${help})`,
      ),
  ];
  return reasons.length === 0 ? undefined : new UsageError(reasons.join('; '));
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
