import type {Argv} from 'yargs';
import {type HealthOptionsInput, normalizeHealthOptions} from '../config/health-options.ts';
import {normalizeLogFormat, normalizeLogLevel, normalizeRunOptions} from '../config/normalize.ts';
import type {RunOptionsInput} from '../config/options.ts';
import {createLogger} from '../log.ts';
import {supervise} from '../supervisor/supervisor.ts';
import {type Command, withEnv} from './command.ts';
import {addHealthOptions, addQuietOptions} from './health-options.ts';

// Logging options shared by every long-running command.
export const addLogOptions = (yargs: Argv): Argv =>
  yargs
    .option('log-level', {
      type: 'string',
      describe: withEnv('trace, debug, info, warn, error, fatal or silent', 'log-level'),
      default: 'info',
    })
    .option('log-format', {
      type: 'string',
      describe: withEnv(
        'json or pretty (default: pretty when stderr is a terminal, else json)',
        'log-format',
      ),
    });

// `graceful [options] -- <command> [args...]`: the ENTRYPOINT wrapper.
export const runCommand: Command = {
  command: '$0',
  describe: 'Run a server; on SIGTERM drain, stop it, then keep the pod refusing connections',
  builder: (yargs) =>
    addLogOptions(
      addQuietOptions(
        addHealthOptions(
          yargs
            .usage('Usage: graceful [options] -- <command> [args...]')
            .option('drain', {
              type: 'string',
              describe: withEnv(
                'after a shutdown signal, keep the child serving this long (default 10s)',
                'drain',
              ),
            })
            .option('stop-signal', {
              type: 'string',
              describe: withEnv(
                'signal that asks the child to stop (default: the shutdown signal received)',
                'stop-signal',
              ),
            })
            .option('stop-timeout', {
              type: 'string',
              describe: withEnv(
                'then SIGKILL the child process group after this long (default 10s)',
                'stop-timeout',
              ),
            })
            .option('refuse', {
              type: 'string',
              describe: withEnv(
                'after the child exited, stay alive this long so its ports refuse (default 5s)',
                'refuse',
              ),
            })
            .option('grace-period', {
              type: 'string',
              describe: withEnv(
                "the pod's terminationGracePeriodSeconds; refuse to start if the windows exceed it",
                'grace-period',
              ),
            })
            .option('shutdown-signals', {
              type: 'string',
              describe: withEnv(
                'signals that start the shutdown, comma-separated (default SIGTERM,SIGINT)',
                'shutdown-signals',
              ),
            })
            .option('rewrite', {
              type: 'string',
              array: true,
              describe: withEnv(
                'FROM:TO, repeatable: rewrite a forwarded signal, e.g. SIGHUP:SIGUSR1',
                'rewrite',
              ),
            })
            .option('signal-group', {
              type: 'string',
              describe: withEnv(
                "send forwarded and stop signals to the child's process group (default off)",
                'signal-group',
              ),
            })
            .example(
              'graceful --drain 45s --refuse 15s -- mongos --config /etc/mongos.conf',
              'mongos behind a headless Service',
            )
            .example("graceful --stop-signal SIGQUIT -- nginx -g 'daemon off;'", 'nginx, stopped gracefully'),
          'off',
        ),
      ),
    ),
  handler: async (argv, {ignoredVariables}) => {
    const command = (argv['--'] as string[] | undefined) ?? [];
    const options = normalizeRunOptions(argv as RunOptionsInput, command);
    const healthOptions = normalizeHealthOptions(argv as HealthOptionsInput, options.drainMs);
    const log = await createLogger(
      normalizeLogLevel(argv.logLevel),
      normalizeLogFormat(argv.logFormat, process.stderr.isTTY),
    );
    if (ignoredVariables.length > 0) {
      log.warn({ignoredVariables}, `ignored ${ignoredVariables.join(', ')}: no option of graceful`);
    }

    if (healthOptions.port === undefined && healthOptions.quiet === undefined) {
      return supervise(options, log);
    }

    const health = await (await import('../health/hooks.ts')).startRunHealth(healthOptions, log);
    try {
      return await supervise(options, log, health.hooks);
    } finally {
      await health.close();
    }
  },
};
