import {UsageError} from '../errors.ts';
import {formatDuration} from './duration.ts';

// What kind of value an option takes; the kind decides how its default is written in --help and the README.
export type OptionKind =
  | 'duration'
  | 'signal'
  | 'signals'
  | 'port'
  | 'host-port'
  | 'count'
  | 'boolean'
  | 'choice'
  | 'list'
  | 'text';

/*
One option of a command, declared once. yargs' configuration, the wrapper's quick path, --help (with the default
written by the formatter the logs use) and the README's options tables all come from it.
*/
export interface OptionSpec {
  name: string;
  kind: OptionKind;
  describe: string;
  // The typed default: milliseconds for a duration, a number for a port or a count.
  default?: number | string | boolean | readonly string[];
  // What happens without the option, when no value stands for it ("the shutdown signal received").
  defaultText?: string;
  // Repeatable: every value is kept, in order.
  array?: true;
  // A flag that takes no value (dial's --json); every other option takes one, as a string.
  switch?: true;
  // A choice's accepted values; normalizeChoice refuses the rest.
  choices?: readonly string[];
}

// stop-timeout → stopTimeout, as a type.
type Camel<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : Name;

// What yargs or the quick path hands over for one option, before its normalize step: strings (numbers in unit
// tests), a list for a repeatable option, a boolean for a switch.
type InputValue<Spec extends OptionSpec> = Spec['switch'] extends true
  ? boolean | string
  : Spec['array'] extends true
    ? string | string[]
    : Spec['kind'] extends 'duration' | 'port' | 'host-port' | 'count'
      ? string | number
      : string;

// A command's input, typed from its specs (declared `as const`): every option optional, keyed as yargs keys it.
export type OptionsInput<Specs extends readonly OptionSpec[]> = {
  [Spec in Specs[number] as Camel<Spec['name']>]?: InputValue<Spec>;
};

// The key yargs and parseArgs readers use for an option: stop-timeout → stopTimeout.
export const optionKey = (name: string): string =>
  name.replaceAll(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

// The GRACEFUL_* variable that also sets an option.
export const flagVariable = (name: string): string => `GRACEFUL_${name.toUpperCase().replaceAll('-', '_')}`;

// Returns a choice option's value if its spec accepts it, exactly as written; a usage error naming the flag otherwise.
export const normalizeChoice = <Choice extends string>(
  spec: {name: string; choices: readonly Choice[]},
  value: unknown,
): Choice => {
  if (!spec.choices.includes(value as Choice)) {
    throw new UsageError(
      `--${spec.name}: expected one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }

  return value as Choice;
};

// The default as --help and the README write it; durations as the logs write them (formatDuration).
export const formatDefault = (spec: OptionSpec): string | undefined => {
  const value = spec.default;
  if (value === undefined) return spec.defaultText;
  if (spec.kind === 'duration' && typeof value === 'number') return formatDuration(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return Array.isArray(value) ? value.join(',') : String(value);
};

// `a, b or c`. Not Intl.ListFormat: loading ICU's list data costs every start about 10 ms, and these lines are
// built when the specs load.
const joinWords = (words: readonly string[], conjunction: 'and' | 'or'): string =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;

// The values an option accepts, as its description lists them: `a`, `b` or `c`.
export const formatChoices = (choices: readonly string[]): string =>
  joinWords(
    choices.map((choice) => `\`${choice}\``),
    'or',
  );

// Options as prose names them: --a, --b and --c.
export const formatFlags = (specs: readonly OptionSpec[]): string =>
  joinWords(
    specs.map((spec) => `--${spec.name}`),
    'and',
  );

const plain = (text: string): string => text.replaceAll('`', '');

// The --help line of an option: what it does, its default and its variable.
export const describeOption = (spec: OptionSpec): string => {
  const fallback = formatDefault(spec);
  return `${plain(spec.describe)}${fallback === undefined ? '' : ` (default ${plain(fallback)})`} [env ${flagVariable(spec.name)}]`;
};

// A README table of options: option, variable, default, meaning.
export const renderOptionsTable = (specs: readonly OptionSpec[]): string =>
  [
    '| option | variable | default | meaning |',
    '|---|---|---|---|',
    ...specs.map(
      (spec) =>
        `| \`--${spec.name}\` | \`${flagVariable(spec.name)}\` | ${formatDefault(spec) ?? ''} | ${spec.describe} |`,
    ),
  ].join('\n');
