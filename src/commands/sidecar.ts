import {DEFAULT_HEALTH_PORT} from '../config/health-options.ts';
import {normalizeLogFormat, normalizeLogLevel} from '../config/normalize.ts';
import type {OptionSpec} from '../config/option-spec.ts';
import {DEFAULT_DRAIN_MS, DEFAULT_REFUSE_MS} from '../config/options.ts';
import {DEFAULT_STOP_WAIT_MS, normalizeSidecarOptions} from '../config/sidecar-options.ts';
import {describeServiceLinks} from '../config/variables.ts';
import {createLogger} from '../log.ts';
import {runSidecar} from '../sidecar/sidecar.ts';
import {addOptions, type Command} from './command.ts';
import {
  DRAIN_READINESS_OPTION,
  healthOptions,
  LOG_OPTIONS,
  PRESTOP_OPTIONS,
  QUIET_OPTIONS,
} from './shared-options.ts';

// The sidecar's own options, in the order --help and the README list them.
export const SIDECAR_OWN_OPTIONS: OptionSpec[] = [
  {
    name: 'drain',
    kind: 'duration',
    default: DEFAULT_DRAIN_MS,
    describe: 'hold `/prestop` this long, so the server keeps serving',
  },
  {
    name: 'refuse',
    kind: 'duration',
    default: DEFAULT_REFUSE_MS,
    describe: 'after SIGTERM, stay alive this long so the pod keeps its IP',
  },
  {
    name: 'grace-period',
    kind: 'duration',
    defaultText: 'unset',
    describe: "the pod's terminationGracePeriodSeconds; refuse to start if drain + refuse exceed it",
  },
  {
    name: 'stop-wait',
    kind: 'duration',
    default: DEFAULT_STOP_WAIT_MS,
    describe:
      'after a drain, a server still listening this long was not stopped (a stray `/prestop`): ready again',
  },
  ...PRESTOP_OPTIONS,
];

// Every option of `graceful sidecar`.
export const SIDECAR_OPTIONS: OptionSpec[] = [
  ...healthOptions(DEFAULT_HEALTH_PORT),
  ...QUIET_OPTIONS,
  ...SIDECAR_OWN_OPTIONS,
  DRAIN_READINESS_OPTION,
  ...LOG_OPTIONS,
];

// `graceful sidecar`: the drain and refuse windows for a pod whose server image is untouched.
export const sidecarCommand: Command = {
  command: 'sidecar',
  keepsSignals: true,
  describe:
    "Run beside an untouched server as a native sidecar: hold its preStop /prestop call for the drain, keep the pod's IP while its ports refuse",
  builder: (yargs) =>
    addOptions(yargs.usage('Usage: graceful sidecar [options]'), SIDECAR_OPTIONS).example(
      'graceful sidecar --health-port 8090 --drain 45s --refuse 15s',
      'beside mongos; see examples/mongos',
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
