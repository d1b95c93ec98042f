#!/usr/bin/env node
import {startupSnapshot} from 'node:v8';
import yargs, {type MiddlewareFunction} from 'yargs';
import {hideBin} from 'yargs/helpers';
import packageJson from '../package.json' with {type: 'json'};
import type {Command} from './commands/command.ts';
import {dialCommand} from './commands/dial.ts';
import {planCommand} from './commands/plan.ts';
import {runCommand} from './commands/run.ts';
import {sidecarCommand} from './commands/sidecar.ts';
import {describeUsageFailure, findUnknownVariables, variableName} from './config/usage.ts';
import {GracefulError} from './errors.ts';
import {execInitWhenPid1} from './pid1/init.ts';

const COMMANDS: Command[] = [runCommand, dialCommand, planCommand, sidecarCommand];

// Parses argv, runs one command and exits with its status: the only process.exit in graceful.
const main = async (argv: string[]): Promise<number> => {
  let status = 0;
  // GRACEFUL_* variables that are no option of the command, reported by the command once it can log.
  const ignoredVariables = new Set<string>();
  const parser = yargs(argv)
    .scriptName('graceful')
    .env('GRACEFUL')
    .parserConfiguration({'populate--': true})
    .strict()
    .version(packageJson.version)
    .help()
    .exitProcess(false)
    .alias('help', 'h')
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    // yargs exits 1 on bad flags; graceful's usage errors exit 2 and start nothing.
    .fail((message, error) => {
      throw error ?? describeUsageFailure(message, argv);
    })
    // Strict for the command line, lenient for the environment: drop keys set only by unknown GRACEFUL_* variables.
    .middleware(dropUnknownVariables as unknown as MiddlewareFunction, true);
  // yargs passes itself as the middleware's second argument; @types/yargs 17 declares neither it nor getOptions().
  function dropUnknownVariables(
    parsed: Record<string, unknown>,
    instance: {getOptions: () => {key: object}},
  ): void {
    const known = Object.keys(instance.getOptions().key);
    for (const key of findUnknownVariables(Object.keys(parsed), known, argv)) {
      delete parsed[key];
      ignoredVariables.add(variableName(key));
    }
  }

  for (const command of COMMANDS) {
    parser.command({
      command: command.command,
      describe: command.describe,
      builder: command.builder,
      handler: async (parsed) => {
        status = await command.handler(parsed as Record<string, unknown>, {
          ignoredVariables: [...ignoredVariables],
        });
      },
    });
  }

  await parser.parseAsync();
  return status;
};

// Runs graceful with this process's arguments, then exits with its status.
const runCli = async (): Promise<void> => {
  try {
    execInitWhenPid1();
    process.exitCode = await main(hideBin(process.argv));
  } catch (error) {
    const exitCode = error instanceof GracefulError ? error.exitCode : 1;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`graceful: ${message.split('\n')[0]}\n`);
    process.exitCode = exitCode;
  }

  process.exit();
};

// The standalone binary starts from a V8 snapshot taken once every module is loaded (scripts/build-binary.ts).
if (startupSnapshot.isBuildingSnapshot()) {
  startupSnapshot.setDeserializeMainFunction(() => void runCli());
} else {
  void runCli();
}
