import {runWrapper} from './commands/run.ts';
import {quickParse} from './config/quick-parse.ts';
import {nameVariable} from './config/variables.ts';
import {reportFailure} from './errors.ts';
import {execInitWhenPid1} from './pid1/init.ts';
import {RUN_OPTIONS} from './supervisor/options.ts';

// The wrapper's usual command line runs without loading yargs; everything else goes through the yargs CLI.
const main = async (argv: string[]): Promise<number> => {
  const quick = quickParse(argv, process.env, RUN_OPTIONS);
  if (quick.type === 'full') {
    // A chunk of its own in the npm package (scripts/build.ts): yargs loads only on this path.
    return (await import('./cli.ts')).runFullCli(argv);
  }

  try {
    execInitWhenPid1();
    return await runWrapper(quick.input, quick.command, {
      ignoredVariables: quick.ignoredVariables,
      serviceLinks: quick.serviceLinks,
    });
  } catch (error) {
    return reportFailure(nameVariable(error, argv, process.env));
  }
};

// Runs graceful with this process's arguments, then exits with its status: the only process.exit in graceful.
export const runCli = async (): Promise<void> => {
  // ps and top show `graceful`, not `node` (npm package) or `MainThread` (standalone binary).
  process.title = 'graceful';
  process.exitCode = await main(process.argv.slice(2));
  process.exit();
};
