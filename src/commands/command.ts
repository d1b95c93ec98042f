import type {Argv} from 'yargs';
import {type Flag, flagVariable} from '../config/flags.ts';

// A subcommand of graceful: yargs wiring plus a handler that resolves the exit status.
export interface Command {
  command: string | string[];
  describe: string;
  builder: (yargs: Argv) => Argv;
  handler: (argv: Record<string, unknown>, context: CommandContext) => Promise<number>;
  // Takes graceful's signals from the first instruction (src/signals); other commands get Node's defaults back.
  keepsSignals?: true;
}

// What the command line parser learned that a command may want to report.
export interface CommandContext {
  // GRACEFUL_* variables that set no option of this command (Kubernetes service links, typos).
  ignoredVariables: string[];
  // GRACEFUL_* variables of an option whose value is a Kubernetes service link (tcp://…), ignored.
  serviceLinks: string[];
  // The command line as given: yargs drops a lone `-` (stdin) from positional arguments.
  argv?: string[];
}

// Appends the GRACEFUL_* variable that also sets an option, for --help.
export const withEnv = (description: string, option: string): string =>
  `${description} [env ${flagVariable(option)}]`;

// Declares a table of string options to yargs, in order.
export const addFlags = (yargs: Argv, flags: Flag[]): Argv =>
  flags.reduce(
    (builder, flag) =>
      builder.option(flag.name, {
        type: 'string',
        describe: withEnv(flag.describe, flag.name),
        ...(flag.array ? {array: true} : {}),
        ...(flag.default === undefined ? {} : {default: flag.default}),
      }),
    yargs,
  );
