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
}

// The key yargs and parseArgs readers use for an option: stop-timeout → stopTimeout.
export const optionKey = (name: string): string =>
  name.replaceAll(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

// The GRACEFUL_* variable that also sets an option.
export const flagVariable = (name: string): string => `GRACEFUL_${name.toUpperCase().replaceAll('-', '_')}`;

// The default as --help and the README write it; durations as the logs write them (formatDuration).
export const formatDefault = (spec: OptionSpec): string | undefined => {
  const value = spec.default;
  if (value === undefined) return spec.defaultText;
  if (spec.kind === 'duration' && typeof value === 'number') return formatDuration(value);
  return Array.isArray(value) ? value.join(',') : String(value);
};

// The values an option accepts, as its description lists them: `a`, `b` or `c`.
export const formatChoices = (choices: readonly string[]): string => {
  const quoted = choices.map((choice) => `\`${choice}\``);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
};

const plain = (text: string): string => text.replaceAll('`', '');

// The --help line of an option: what it does, its default and its variable.
export const describeOption = (spec: OptionSpec): string => {
  const fallback = formatDefault(spec);
  return `${plain(spec.describe)}${fallback === undefined ? '' : ` (default ${plain(fallback)})`} [env ${flagVariable(spec.name)}]`;
};

// A README table of options: option, variable, default, meaning.
export const renderOptionsTable = (specs: OptionSpec[]): string =>
  [
    '| option | variable | default | meaning |',
    '|---|---|---|---|',
    ...specs.map(
      (spec) =>
        `| \`--${spec.name}\` | \`${flagVariable(spec.name)}\` | ${formatDefault(spec) ?? ''} | ${spec.describe} |`,
    ),
  ].join('\n');
