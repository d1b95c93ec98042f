import yargs, {type MiddlewareFunction} from 'yargs';
import type {Command} from './commands/command.ts';
import {dialCommand} from './commands/dial.ts';
import {injectCommand} from './commands/inject.ts';
import {planCommand} from './commands/plan.ts';
import {runCommand} from './commands/run.ts';
import {sidecarCommand} from './commands/sidecar.ts';
import {flagVariable, optionKey} from './config/option-spec.ts';
import {
  describeStrayInput,
  isUnknownKey,
  sortUnknownKeys,
  variablesForKey,
  writtenSwitchText,
} from './config/usage.ts';
import {givenOnCommandLine, isServiceLink, nameVariable} from './config/variables.ts';
import {reportFailure, UsageError} from './errors.ts';
import {execInitWhenPid1} from './pid1/init.ts';
import {processSignals} from './signals/process.ts';
import {formatVersion, readVersionInfo} from './version.ts';

const COMMANDS: Command[] = [runCommand, dialCommand, planCommand, injectCommand, sidecarCommand];

// The full CLI: parses argv with yargs (--help, errors, every command), runs one command, resolves its status.
export const runFullCli = async (argv: string[]): Promise<number> => {
  try {
    execInitWhenPid1();
    return await runCommandLine(argv, COMMANDS);
  } catch (error) {
    return reportFailure(nameVariable(error, argv, process.env));
  }
};

// Parses argv with yargs and runs the command it names; a usage error throws.
export const runCommandLine = async (argv: string[], commands: Command[]): Promise<number> => {
  // yargs knows only a plain version string: `--version --json` (either order) is answered here.
  if (argv.length === 2 && argv.includes('--version') && argv.includes('--json')) {
    console.log(JSON.stringify(readVersionInfo()));
    return 0;
  }

  let status = 0;
  // GRACEFUL_* variables that are no option of the command, reported by the command once it can log.
  const ignoredVariables = new Set<string>();
  const serviceLinks = new Set<string>();
  const parser = yargs(argv)
    .scriptName('graceful')
    .env('GRACEFUL')
    // Numbers stay strings: the child's arguments after -- pass through exactly (0x10 is not 16).
    // A repeatable option takes one word each time, as the quick path reads it: `--lb aws-nlb app.yaml` is one lb.
    .parserConfiguration({'populate--': true, 'parse-positional-numbers': false, 'greedy-arrays': false})
    .version(
      'version',
      'Show the version, the Node.js it runs on and whether this is the npm package or the standalone binary; with --json as JSON',
      formatVersion(readVersionInfo()),
    )
    .help()
    .exitProcess(false)
    .alias('help', 'h')
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    // yargs exits 1 on bad flags; graceful's usage errors exit 2 and start nothing.
    .fail((message, error) => {
      throw error ?? new UsageError(message.split('\n')[0] ?? message);
    })
    // Strict for the command line, lenient for the environment (before yargs' own checks, which trip on
    // unknown keys such as --constructor).
    .middleware(sortUnknownOptions as unknown as MiddlewareFunction, true);
  // Options of the command line that no option of the command declares, as written; refused before it runs.
  let unknownOptions: string[] = [];
  // yargs passes itself as the middleware's second argument; @types/yargs 17 declares neither it nor getOptions().
  function sortUnknownOptions(
    parsed: Record<string, unknown>,
    instance: {
      getOptions: () => {key: object; alias: Record<string, string[]>; array: string[]; boolean: string[]};
    },
  ): void {
    const options = instance.getOptions();
    const known = [...Object.keys(options.key), ...Object.values(options.alias).flat()];
    const unknown = sortUnknownKeys(Object.keys(parsed), known, argv, process.env);
    unknownOptions = unknown.options;
    for (const key of Object.keys(parsed)) {
      if (isUnknownKey(key, known)) delete parsed[key];
    }

    for (const key of unknown.variables) {
      for (const name of variablesForKey(key, process.env)) ignoredVariables.add(name);
    }

    for (const key of known) {
      const variable = flagVariable(key);
      const value = process.env[variable];
      if (value === undefined || !isServiceLink(value) || givenOnCommandLine(key, argv)) continue;
      delete parsed[key];
      delete parsed[optionKey(key)];
      serviceLinks.add(variable);
    }

    // yargs reads a switch's variable, or `--json=text`, as false unless it says true (GRACEFUL_JSON=1 too):
    // the command's normalize step reads the text itself, and refuses what is no boolean.
    for (const key of options.boolean) {
      if (['help', 'version'].includes(key)) continue;
      const written = writtenSwitchText(key, argv);
      const value = written ?? (givenOnCommandLine(key, argv) ? undefined : process.env[flagVariable(key)]);
      if (value === undefined) continue;
      parsed[key] = value;
      parsed[optionKey(key)] = value;
    }
  }

  for (const command of commands) {
    const name = command.command.split(' ')[0] ?? '';
    parser.command({
      command: command.command,
      describe: command.describe,
      builder: command.builder,
      handler: async (parsed) => {
        const refused = describeStrayInput({
          command: name === '$0' ? 'run' : name,
          unknownOptions,
          // Words left over once the command's name and its declared positionals are taken.
          positionalWords: parsed._.slice(name === '$0' ? 0 : 1).map(String),
          // The wrapper's command, or more manifests for plan and inject; nothing for the others.
          afterDashes: command.readsAfterDashes
            ? []
            : ((parsed['--'] as unknown[] | undefined) ?? []).map(String),
          argv,
        });
        if (refused !== undefined) throw refused;
        // dial, plan and the rest end on Ctrl-C as any program does, and handle signals themselves if they wish.
        if (command.keepsSignals !== true) await processSignals.release();
        status = await command.handler(parsed as Record<string, unknown>, {
          ignoredVariables: [...ignoredVariables],
          serviceLinks: [...serviceLinks],
          argv,
        });
      },
    });
  }

  await parser.parseAsync();
  return status;
};
