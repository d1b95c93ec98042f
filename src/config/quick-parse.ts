import {flagVariable, type OptionSpec, optionKey} from './option-spec.ts';
import {isServiceLink} from './variables.ts';

// Not an import: importing node:util into an ES module reads every export, which costs each start 2 ms.
const {parseArgs} = process.getBuiltinModule('node:util');

// The wrapper's command line, or a hand-over to the full yargs CLI.
export type QuickParse =
  | {
      type: 'run';
      input: Record<string, unknown>;
      command: string[];
      ignoredVariables: string[];
      serviceLinks: string[];
    }
  | {type: 'full'};

const FULL: QuickParse = {type: 'full'};
// yargs strips one pair of quotes around a value; such values go to yargs.
const quoted = (value: string): boolean => /^(['"]).*\1$/s.test(value);

/*
yargs costs more start-up than Node.js itself, on every container start. The common command line, known
options with their values then `--` and the command, is therefore read by Node's parseArgs. Whatever yargs
might read differently goes to the full yargs CLI, which runs or explains it: --help, --version, a
subcommand, an unknown, negated or camelCase flag, a word before `--`, a flag given twice, a quoted value,
an unusual GRACEFUL_* name. Tests hold both readings equal (test/unit/config/quick-parse.test.ts).
*/
export const quickParse = (
  argv: string[],
  env: Record<string, string | undefined>,
  flags: readonly OptionSpec[],
): QuickParse => {
  if (!argv.includes('--')) {
    return FULL;
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        flags.map((flag) => [flag.name, {type: 'string', multiple: flag.array ?? false}]),
      ),
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch {
    return FULL;
  }

  const tokens = parsed.tokens ?? [];
  const end = tokens.findIndex((token) => token.kind === 'option-terminator');
  const options = tokens.slice(0, end).filter((token) => token.kind === 'option');
  if (end === -1 || tokens.slice(0, end).some((token) => token.kind !== 'option')) {
    return FULL;
  }

  const given = new Set<string>();
  for (const {name, value} of options) {
    const flag = flags.find((candidate) => candidate.name === name);
    if (flag === undefined || value === undefined || quoted(value) || (given.has(name) && !flag.array)) {
      return FULL;
    }

    given.add(name);
  }

  const variables = new Map(flags.map((flag) => [flagVariable(flag.name), flag]));
  const ignoredVariables: string[] = [];
  const serviceLinks: string[] = [];
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('GRACEFUL') || value === undefined) continue;
    const flag = variables.get(name);
    if (flag === undefined) {
      if (!/^GRACEFUL_[A-Z0-9]+(_[A-Z0-9]+)*$/.test(name)) return FULL;
      ignoredVariables.push(name);
    } else if (quoted(value)) {
      return FULL;
    } else if (isServiceLink(value)) {
      if (!given.has(flag.name)) serviceLinks.push(name);
    } else if (!given.has(flag.name)) {
      input[optionKey(flag.name)] = flag.array ? [value] : value;
    }
  }

  for (const flag of flags) {
    const value = parsed.values[flag.name] ?? input[optionKey(flag.name)];
    if (value === undefined) {
      delete input[optionKey(flag.name)];
    } else {
      input[optionKey(flag.name)] = value;
    }
  }

  return {type: 'run', input, command: parsed.positionals, ignoredVariables, serviceLinks};
};
