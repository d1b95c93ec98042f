import {describeServiceLinks} from '../config/variables.ts';
import {type HealthOptionsInput, normalizeHealthOptions} from '../health/options.ts';
import {normalizeLogFormat, normalizeLogLevel} from '../log/options.ts';
import {createLogger} from '../log.ts';
import {execInitWhenPid1} from '../pid1/init.ts';
import {normalizeInit} from '../pid1/options.ts';
import {normalizeRunOptions, RUN_OPTIONS, type RunOptionsInput} from '../supervisor/options.ts';
import {reportMomentOf} from '../supervisor/phases.ts';
import {supervise} from '../supervisor/supervisor.ts';
import {addOptions, type Command, type CommandContext} from './command.ts';

/*
Runs the wrapper from parsed options (flags merged with GRACEFUL_* variables) and the command. Shared by the
yargs CLI and the quick path (src/config/quick-parse.ts), so both validate and run alike.
*/
export const runWrapper = async (
  input: Record<string, unknown>,
  command: string[],
  {ignoredVariables, serviceLinks}: CommandContext,
): Promise<number> => {
  const options = normalizeRunOptions(input as RunOptionsInput, command);
  const healthOptions = normalizeHealthOptions(input as HealthOptionsInput, options.drainMs);
  // Once every option is valid, and before anything starts: with --init embedded, PID 1 becomes tini here.
  execInitWhenPid1(normalizeInit(input.init));
  const log = createLogger(normalizeLogLevel(input.logLevel), normalizeLogFormat(input.logFormat));
  try {
    if (ignoredVariables.length > 0) {
      log.warn({ignoredVariables}, `ignored ${ignoredVariables.join(', ')}: no option of graceful`);
    }

    if (serviceLinks.length > 0) {
      log.warn({serviceLinks}, describeServiceLinks(serviceLinks, process.env));
    }

    // The shutdown report's code loads once the child runs (its first phase): none of it is needed before the
    // child's exec, and import() reads and compiles before it returns.
    const loadReport = () =>
      import('../report/observer.ts').then(({observeShutdown}) =>
        observeShutdown({mode: 'wrapper', ...options}, log),
      );
    if (healthOptions.port === undefined && healthOptions.quiet === undefined) {
      let loading: ReturnType<typeof loadReport> | undefined;
      const status = await supervise(options, log, {
        onPhase: (change) => {
          loading ??= loadReport();
          void loading.then((report) => report.onMoment(reportMomentOf(change.phase)));
        },
      });
      // The report is written on the exited phase, which waits for the module like the phases before it.
      await loading;
      return status;
    }

    const loading = loadReport();
    const report = await loading;
    const health = await (await import('../supervisor/health.ts')).startRunHealth(healthOptions, log, report);
    try {
      return await supervise(options, log, health.hooks);
    } finally {
      await health.close();
    }
  } finally {
    await log.flush();
  }
};

// `graceful [options] -- <command> [args...]`: the ENTRYPOINT wrapper.
export const runCommand: Command = {
  command: '$0',
  keepsSignals: true,
  readsAfterDashes: true,
  describe: 'Run a server; on SIGTERM drain, stop it, then keep the pod refusing connections',
  builder: (yargs) =>
    addOptions(yargs.usage('Usage: graceful [options] -- <command> [args...]'), RUN_OPTIONS)
      .example(
        'graceful --drain 45s --refuse 15s -- mongos --config /etc/mongos.conf',
        'mongos behind a headless Service',
      )
      .example("graceful --stop-signal SIGQUIT -- nginx -g 'daemon off;'", 'nginx, stopped gracefully'),
  handler: (argv, context) => runWrapper(argv, (argv['--'] as string[] | undefined) ?? [], context),
};
