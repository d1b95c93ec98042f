import {describeServiceLinks} from '../config/variables.ts';
import {normalizeLogFormat, normalizeLogLevel} from '../log/options.ts';
import {createLogger} from '../log.ts';
import {normalizeSidecarOptions, SIDECAR_OPTIONS} from '../sidecar/options.ts';
import {runSidecar} from '../sidecar/sidecar.ts';
import {addOptions, type Command} from './command.ts';

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
