import type {Argv} from 'yargs';

// A subcommand of graceful: yargs wiring plus a handler that resolves the exit status.
export interface Command {
  command: string | string[];
  describe: string;
  builder: (yargs: Argv) => Argv;
  handler: (argv: Record<string, unknown>, context: CommandContext) => Promise<number>;
}

// What the command line parser learned that a command may want to report.
export interface CommandContext {
  // GRACEFUL_* variables that set no option of this command (Kubernetes service links, typos).
  ignoredVariables: string[];
}

// Appends the GRACEFUL_* variable that also sets an option, for --help.
export const withEnv = (description: string, option: string): string =>
  `${description} [env GRACEFUL_${option.toUpperCase().replaceAll('-', '_')}]`;
