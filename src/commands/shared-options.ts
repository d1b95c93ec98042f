import {DEFAULT_DRAIN_READINESS, DEFAULT_PRESTOP_MAX} from '../config/health-options.ts';
import type {OptionSpec} from '../config/option-spec.ts';
import {DEFAULT_LOG_LEVEL} from '../log.ts';

// --health-port, --health-host and --ready-tcp, for the wrapper (no port by default) and the sidecar (8090).
export const healthOptions = (port: number | undefined): OptionSpec[] => [
  {
    name: 'health-port',
    kind: 'port',
    ...(port === undefined ? {defaultText: 'off'} : {default: port}),
    describe:
      'serve `/livez` (200 while graceful runs) and `/readyz` (200 while running) on this port; the sidecar serves `/prestop` too',
  },
  {
    name: 'health-host',
    kind: 'text',
    defaultText: 'all addresses',
    describe: 'address the health endpoints listen on; the kubelet calls the pod IP',
  },
  {
    name: 'ready-tcp',
    kind: 'host-port',
    defaultText: 'none',
    describe: '`PORT` or `HOST:PORT`: `/readyz` is 200 only while it accepts a TCP connection (within 1 s)',
  },
];

// What /readyz answers while draining.
export const DRAIN_READINESS_OPTION: OptionSpec = {
  name: 'drain-readiness',
  kind: 'choice',
  default: DEFAULT_DRAIN_READINESS,
  describe:
    '`unready`: `/readyz` is 503 from the drain start; `ready`: 200 until the drain ends, so a terminating pod stays `serving` (KEP-1669)',
};

// --drain-min and --quiet: end the drain once clients have stopped arriving.
export const QUIET_OPTIONS: OptionSpec[] = [
  {
    name: 'quiet',
    kind: 'duration',
    defaultText: 'off',
    describe:
      'end the drain early once no new connection reached the served ports for this long (`--drain` stays the maximum)',
  },
  {name: 'drain-min', kind: 'duration', default: 0, describe: 'with `--quiet`: drain at least this long'},
];

// /prestop's limits, for the sidecar.
export const PRESTOP_OPTIONS: OptionSpec[] = [
  {
    name: 'prestop-max',
    kind: 'count',
    default: DEFAULT_PRESTOP_MAX,
    describe: 'hold at most this many `/prestop` requests at once, 503 beyond',
  },
  {
    name: 'prestop-token',
    kind: 'text',
    defaultText: 'none',
    describe: 'require the header `X-Graceful-Token` with this value on `/prestop`',
  },
];

// Logging options shared by every long-running command.
export const LOG_OPTIONS: OptionSpec[] = [
  {
    name: 'log-level',
    kind: 'choice',
    default: DEFAULT_LOG_LEVEL,
    describe: 'trace, debug, info, warn, error, fatal or silent',
  },
  {
    name: 'log-format',
    kind: 'choice',
    defaultText: 'json (pretty on a terminal)',
    describe: 'json or pretty; logs go to stderr',
  },
];
