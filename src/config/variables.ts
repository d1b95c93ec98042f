import {UsageError} from '../errors.ts';
import {flagVariable} from './option-spec.ts';

/*
With enableServiceLinks (the default), every Service of a namespace puts <NAME>_PORT=tcp://<ip>:<port> into every
pod: a Service named graceful-health yields GRACEFUL_HEALTH_PORT=tcp://10.96.0.12:8090. Such a value is never an
option's value, so it is ignored, with a warning, instead of stopping the pod.
*/
export const isServiceLink = (value: string): boolean => /^(tcp|udp|sctp):\/\/\S+$/.test(value.trim());

// True when the command line (before --) writes the option `flag` itself, as --flag, --flag=… or --no-flag.
export const givenOnCommandLine = (flag: string, argv: string[]): boolean => {
  const words = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const name = flag.replace(/^--/, '');
  return words.some((word) =>
    [`--${name}`, `--no-${name}`].some((form) => word === form || word.startsWith(`${form}=`)),
  );
};

// A usage error about an option that came from its GRACEFUL_* variable names the variable and its value too.
export const nameVariable = (
  error: unknown,
  argv: string[],
  env: Record<string, string | undefined>,
): unknown => {
  if (!(error instanceof UsageError) || error.flag === undefined || givenOnCommandLine(error.flag, argv)) {
    return error;
  }

  const variable = flagVariable(error.flag.replace(/^--/, ''));
  const value = env[variable];
  return value === undefined
    ? error
    : new UsageError(`${variable}=${JSON.stringify(value)}: ${error.message}`);
};

// The warning for GRACEFUL_* variables that look like service links, naming each with its value.
export const describeServiceLinks = (names: string[], env: Record<string, string | undefined>): string =>
  `ignored ${names.map((name) => `${name}=${env[name]}`).join(', ')}: a Kubernetes service link (enableServiceLinks), not an option value`;
