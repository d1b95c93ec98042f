import type {Argv} from 'yargs';
import {describeOption, type OptionSpec} from '../config/option-spec.ts';

// A subcommand of graceful: yargs wiring plus a handler that resolves the exit status.
export interface Command {
  command: string;
  describe: string;
  builder: (yargs: Argv) => Argv;
  handler: (argv: Record<string, unknown>, context: CommandContext) => Promise<number>;
  // Takes graceful's signals from the first instruction (src/signals); other commands get Node's defaults back.
  keepsSignals?: true;
  // Reads the words after `--` (the wrapper's command, more manifests); for the others they are an error.
  readsAfterDashes?: true;
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

/*
Declares a command's options to yargs, in order. Every value stays a string (a switch a boolean) until the
command's normalize step, which also applies the defaults: yargs sets none, so "given without" checks see only
what the user gave.
*/
export const addOptions = (yargs: Argv, specs: readonly OptionSpec[]): Argv =>
  specs.reduce(
    (builder, spec) =>
      builder.option(spec.name, {
        type: spec.switch ? 'boolean' : 'string',
        describe: describeOption(spec),
        ...(spec.array ? {array: true} : {}),
      }),
    yargs,
  );
