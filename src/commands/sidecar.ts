import {normalizeLogFormat, normalizeLogLevel} from '../config/normalize.ts';
import {normalizeSidecarOptions} from '../config/sidecar-options.ts';
import {describeServiceLinks} from '../config/variables.ts';
import {createLogger} from '../log.ts';
import {runSidecar} from '../sidecar/sidecar.ts';
import {type Command, withEnv} from './command.ts';
import {addHealthOptions, addLogOptions, addQuietOptions} from './health-options.ts';

// `graceful sidecar`: the drain and refuse windows for a pod whose server image is untouched.
export const sidecarCommand: Command = {
  command: 'sidecar',
  describe:
    "Run beside an untouched server as a native sidecar: hold its preStop /prestop call for the drain, keep the pod's IP while its ports refuse",
  builder: (yargs) =>
    addLogOptions(
      addQuietOptions(addHealthOptions(yargs, '8090'))
        .usage('Usage: graceful sidecar [options]')
        .option('drain', {
          type: 'string',
          describe: withEnv('hold /prestop this long, so the server keeps serving (default 10s)', 'drain'),
        })
        .option('refuse', {
          type: 'string',
          describe: withEnv(
            'after SIGTERM, stay alive this long so the pod keeps its IP (default 5s)',
            'refuse',
          ),
        })
        .option('grace-period', {
          type: 'string',
          describe: withEnv(
            "the pod's terminationGracePeriodSeconds; refuse to start if drain + refuse exceed it",
            'grace-period',
          ),
        })
        .option('stop-wait', {
          type: 'string',
          describe: withEnv(
            'after a drain, a server still listening this long was not stopped (a stray /prestop): ready again (default 10s)',
            'stop-wait',
          ),
        })
        .option('drain-readiness', {
          type: 'string',
          describe: withEnv(
            'unready: /readyz is 503 from the drain start; ready: 200 until the drain ends (default unready)',
            'drain-readiness',
          ),
        })
        .option('prestop-max', {
          type: 'string',
          describe: withEnv(
            'hold at most this many /prestop requests at once, 503 beyond (default 16)',
            'prestop-max',
          ),
        })
        .option('prestop-token', {
          type: 'string',
          describe: withEnv(
            'require the header X-Graceful-Token with this value on /prestop',
            'prestop-token',
          ),
        })
        .example(
          'graceful sidecar --health-port 8090 --drain 45s --refuse 15s',
          'beside mongos; see examples/mongos',
        ),
    ),
  handler: async (argv, {ignoredVariables, serviceLinks}) => {
    const options = normalizeSidecarOptions(argv);
    const log = createLogger(normalizeLogLevel(argv.logLevel), normalizeLogFormat(argv.logFormat));
    try {
      if (ignoredVariables.length > 0) {
        log.warn({ignoredVariables}, `ignored ${ignoredVariables.join(', ')}: no option of graceful sidecar`);
      }

      if (serviceLinks.length > 0) {
        log.warn({serviceLinks}, describeServiceLinks(serviceLinks, process.env));
      }

      return await runSidecar(options, log);
    } finally {
      await log.flush();
    }
  },
};
