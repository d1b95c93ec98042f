import {UsageError} from '../errors.ts';
import {normalizeCount} from './count.ts';
import {formatDuration, normalizeDuration} from './duration.ts';
import {normalizeHost, normalizeHostPort, normalizePort} from './port.ts';

// Health endpoint and quiet-drain flags, shared by the wrapper and the sidecar (strings until normalized).
export interface HealthOptionsInput {
  healthPort?: string | number;
  healthHost?: string;
  readyTcp?: string | number;
  drainMin?: string | number;
  quiet?: string | number;
  prestopMax?: string | number;
  prestopToken?: string;
  drainReadiness?: string;
}

// What /readyz answers during the drain: 503 from its first moment (`unready`), or 200 until the server is
// stopped (`ready`), so a terminating pod's endpoint stays `serving` (KEP-1669, externalTrafficPolicy: Local).
export type DrainReadiness = 'unready' | 'ready';

// graceful's default: /readyz 503 from the drain start, so the endpoint stops being `serving` at once.
export const DEFAULT_DRAIN_READINESS: DrainReadiness = 'unready';
// The values --drain-readiness accepts, the default first.
export const DRAIN_READINESS_VALUES: readonly DrainReadiness[] = [DEFAULT_DRAIN_READINESS, 'ready'];

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

const normalizeDrainReadiness = (value: unknown): DrainReadiness => {
  if (value === undefined) {
    return DEFAULT_DRAIN_READINESS;
  }

  const text = String(value).trim().toLowerCase();
  const found = DRAIN_READINESS_VALUES.find((candidate) => candidate === text);
  if (found === undefined) {
    throw new UsageError(
      `--drain-readiness: expected ${DRAIN_READINESS_VALUES.join(' or ')}, got ${JSON.stringify(value)}`,
    );
  }

  return found;
};

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
