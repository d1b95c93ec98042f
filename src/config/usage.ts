import {UsageError} from '../errors.ts';

const kebab = (name: string): string => name.replaceAll(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

// The words before `--`: graceful's own options; everything after belongs to the command.
const ownWords = (argv: string[]): string[] =>
  argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;

// How the command line wrote a parsed key (--name, --no-name, --name=…, --name.sub, or yargs' -name), or undefined.
const writtenAs = (key: string, argv: string[]): string | undefined => {
  const words = ownWords(argv);
  for (const name of new Set([kebab(key), key])) {
    for (const form of [`--${name}`, `--no-${name}`, `-${name}`]) {
      if (words.some((word) => word === form || word.startsWith(`${form}=`) || word.startsWith(`${form}.`))) {
        return form;
      }
    }
  }
  return undefined;
};

const squash = (text: string): string => text.replaceAll(/[^a-z0-9]/gi, '').toLowerCase();

/*
The GRACEFUL* variables behind a parsed key, as yargs' env('GRACEFUL') derives keys: the prefix cut off, the name up
to a `__` camel-cased (GRACEFUL_PORT_80_TCP → port80Tcp, GRACEFULX → x). Empty: no variable set it.
*/
export const variablesForKey = (key: string, env: Record<string, string | undefined>): string[] =>
  Object.keys(env).filter(
    (name) =>
      name.startsWith('GRACEFUL') &&
      squash(name.slice('GRACEFUL'.length).split('__')[0] ?? '') === squash(key),
  );

// A parsed key that names no option of the command (yargs' own _, $0 and -- aside).
export const isUnknownKey = (key: string, knownKeys: string[]): boolean =>
  !['_', '$0', '--'].includes(key) && !knownKeys.includes(key) && !knownKeys.includes(kebab(key));

/*
Parsed keys that no option of the command declares, sorted by where they came from. yargs parses leniently; graceful
is strict for the command line and lenient for the environment. variables: keys that only GRACEFUL* variables set,
such as the GRACEFUL_SERVICE_HOST that Kubernetes injects for a Service named graceful, which must not stop
graceful. options: every other key, as the command line wrote it (--bogus, -x), or as yargs split it (-abc, --a.b).
*/
export const sortUnknownKeys = (
  parsedKeys: string[],
  knownKeys: string[],
  argv: string[],
  env: Record<string, string | undefined>,
): {options: string[]; variables: string[]} => {
  const unknown = parsedKeys.filter((key) => isUnknownKey(key, knownKeys));
  const written = unknown.map(
    (key) =>
      writtenAs(key, argv) ??
      (variablesForKey(key, env).length > 0 ? undefined : key.length === 1 ? `-${key}` : `--${kebab(key)}`),
  );
  return {
    options: [...new Set(written.filter((word) => word !== undefined))],
    variables: unknown.filter((_, index) => written[index] === undefined),
  };
};

// What the command line held beyond the options a command declares.
export interface StrayInput {
  // run for the wrapper, else the subcommand's name.
  command: string;
  // Unknown options, as written (sortUnknownKeys).
  unknownOptions: string[];
  // Positional words past the ones the command declares.
  positionalWords: string[];
  // Words after `--` of a command that reads none.
  afterDashes: string[];
  argv: string[];
}

/*
The usage error for a command line with options no option declares or words no argument takes: undefined when
there is none. The wrapper's stray word is a command given without `--`. A positional word found only after `--`
is stray because an unknown option took `--` as its value: that option is named instead.
*/
export const describeStrayInput = (input: StrayInput): UsageError | undefined => {
  const {command, argv} = input;
  const words = ownWords(argv);
  const help = command === 'run' ? 'graceful --help' : `graceful ${command} --help`;
  const shown = (word: string): string => JSON.stringify(word).slice(1, -1);
  const stray = input.positionalWords.filter((word) => words.includes(word))[0];
  const reasons = [
    ...input.unknownOptions.map((option) => `${option}: unknown option (see ${help})`),
    ...(stray === undefined
      ? []
      : [
          command === 'run'
            ? `unexpected "${shown(stray)}": put -- before the command, as in graceful [options] -- ${shown(stray)} ...`
            : `unexpected "${shown(stray)}": graceful ${command} takes no such argument (see ${help})`,
        ]),
    ...input.afterDashes
      .slice(0, 1)
      .map(
        (word) => `unexpected "${shown(word)}" after --: graceful ${command} runs no command (see ${help})`,
      ),
  ];
  return reasons.length === 0 ? undefined : new UsageError(reasons.join('; '));
};

// The text of a switch written `--name=text` before `--` (the last one wins), which yargs would read as false.
export const writtenSwitchText = (name: string, argv: string[]): string | undefined =>
  ownWords(argv)
    .filter((word) => word.startsWith(`--${name}=`))
    .map((word) => word.slice(`--${name}=`.length))
    .at(-1);

// Reads an on/off flag given as a string: absent → fallback; '', true, 1, yes → true; false, 0, no → false.
export const normalizeBoolean = (flag: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['', 'true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw new UsageError(`${flag}: expected true or false, got ${JSON.stringify(value)}`);
};
