import {normalizeCount} from '../config/count.ts';
import {formatDuration, normalizeDuration} from '../config/duration.ts';
import {normalizeChoice, type OptionSpec, type OptionsInput} from '../config/option-spec.ts';
import {normalizeHost, normalizeHostPort, normalizePort} from '../config/port.ts';
import {UsageError} from '../errors.ts';
import {DEFAULT_HEALTH_LIMITS} from './limits.ts';

// What /readyz answers during the drain: 503 from its first moment (`unready`), or 200 until the server is
// stopped (`ready`), so a terminating pod's endpoint stays `serving` (KEP-1669, externalTrafficPolicy: Local).
export type DrainReadiness = 'unready' | 'ready';

// graceful's default: /readyz 503 from the drain start, so the endpoint stops being `serving` at once.
export const DEFAULT_DRAIN_READINESS: DrainReadiness = 'unready';

// The resolved health endpoint and quiet-drain settings.
export interface HealthOptions {
  // undefined: no health endpoints.
  port: number | undefined;
  host: string | undefined;
  readyTcp: {host: string; port: number} | undefined;
  // undefined: the drain always lasts --drain.
  quiet: {drainMinMs: number; quietMs: number} | undefined;
  prestopMax: number;
  prestopToken: string | undefined;
  drainReadiness: DrainReadiness;
}

// The port of graceful's health endpoints when one is needed: always for the sidecar, in plan's snippets.
export const DEFAULT_HEALTH_PORT = 8090;

// /prestop requests held at once; the kubelet sends one per container with the hook.
export const DEFAULT_PRESTOP_MAX = 16;
const MAX_PRESTOP_MAX = 1_000;

// --health-port, --health-host and --ready-tcp, for the wrapper (no port by default) and the sidecar (8090).
export const healthOptions = <Port extends number | undefined>(port: Port) =>
  [
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
      describe: `\`PORT\` or \`HOST:PORT\`: \`/readyz\` is 200 only while it accepts a TCP connection (within ${formatDuration(DEFAULT_HEALTH_LIMITS.readyTcpTimeoutMs)})`,
    },
  ] as const satisfies readonly OptionSpec[];

// What /readyz answers while draining.
export const DRAIN_READINESS_OPTION = {
  name: 'drain-readiness',
  kind: 'choice',
  choices: [DEFAULT_DRAIN_READINESS, 'ready'] satisfies DrainReadiness[],
  default: DEFAULT_DRAIN_READINESS,
  describe:
    '`unready`: `/readyz` is 503 from the drain start; `ready`: 200 until the drain ends, so a terminating pod stays `serving` (KEP-1669)',
} as const satisfies OptionSpec;

// --drain-min and --quiet: end the drain once clients have stopped arriving.
export const QUIET_OPTIONS = [
  {
    name: 'quiet',
    kind: 'duration',
    defaultText: 'off',
    describe:
      'end the drain early once no new connection reached the served ports for this long (`--drain` stays the maximum)',
  },
  {name: 'drain-min', kind: 'duration', default: 0, describe: 'with `--quiet`: drain at least this long'},
] as const satisfies readonly OptionSpec[];

// /prestop's limits, for the sidecar.
export const PRESTOP_OPTIONS = [
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
] as const satisfies readonly OptionSpec[];

// Health endpoint and quiet-drain flags, shared by the wrapper and the sidecar (strings until normalized).
export type HealthOptionsInput = OptionsInput<
  [
    ...ReturnType<typeof healthOptions>,
    typeof DRAIN_READINESS_OPTION,
    ...typeof QUIET_OPTIONS,
    ...typeof PRESTOP_OPTIONS,
  ]
>;

// Resolves health and quiet-drain flags; `drainMs` is --drain, which stays the quiet drain's maximum.
export const normalizeHealthOptions = (
  input: HealthOptionsInput,
  drainMs: number,
  defaultPort: number | undefined = undefined,
): HealthOptions => {
  const port =
    input.healthPort === undefined ? defaultPort : normalizePort('--health-port', input.healthPort);
  const host =
    input.healthHost === undefined || input.healthHost === ''
      ? undefined
      : normalizeHost('--health-host', input.healthHost);
  if (port === undefined && host !== undefined) {
    throw new UsageError(`--health-host: ${JSON.stringify(host)} given without --health-port`);
  }

  const readyTcp =
    input.readyTcp === undefined ? undefined : normalizeHostPort('--ready-tcp', input.readyTcp);
  if (port === undefined && readyTcp !== undefined) {
    throw new UsageError(
      `--ready-tcp: ${JSON.stringify(String(input.readyTcp))} given without --health-port`,
    );
  }

  if (port === undefined && input.drainReadiness !== undefined) {
    throw new UsageError(
      `--drain-readiness: ${JSON.stringify(String(input.drainReadiness))} given without --health-port`,
    );
  }

  return {
    port,
    host,
    readyTcp,
    quiet: normalizeQuiet(input, drainMs),
    prestopMax:
      input.prestopMax === undefined
        ? DEFAULT_PRESTOP_MAX
        : normalizeCount('--prestop-max', input.prestopMax, {max: MAX_PRESTOP_MAX}),
    prestopToken:
      input.prestopToken === undefined || input.prestopToken === '' ? undefined : input.prestopToken,
    drainReadiness: normalizeDrainReadiness(input.drainReadiness),
  };
};

// Validates --drain-readiness, for the health endpoints and for plan's snippets alike.
export const normalizeDrainReadiness = (value: unknown): DrainReadiness =>
  value === undefined ? DRAIN_READINESS_OPTION.default : normalizeChoice(DRAIN_READINESS_OPTION, value);

const normalizeQuiet = (input: HealthOptionsInput, drainMs: number): HealthOptions['quiet'] => {
  if (input.quiet === undefined) {
    if (input.drainMin !== undefined) {
      throw new UsageError(
        `--drain-min: ${JSON.stringify(String(input.drainMin))} given without --quiet; expected both, as in --drain-min 10s --quiet 5s`,
      );
    }

    return undefined;
  }

  const quietMs = normalizeDuration('--quiet', input.quiet);
  if (quietMs === 0) {
    throw new UsageError('--quiet: expected a duration above 0, got "0"');
  }

  const drainMinMs = input.drainMin === undefined ? 0 : normalizeDuration('--drain-min', input.drainMin);
  if (drainMinMs > drainMs) {
    throw new UsageError(
      `--drain-min (${formatDuration(drainMinMs)}) exceeds --drain (${formatDuration(drainMs)}): --drain is the longest a drain lasts`,
    );
  }

  return {drainMinMs, quietMs};
};
