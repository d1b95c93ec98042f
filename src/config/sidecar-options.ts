import {normalizeDuration} from './duration.ts';
import {validateGraceBudget} from './grace-budget.ts';
import {
  DEFAULT_HEALTH_PORT,
  type HealthOptions,
  type HealthOptionsInput,
  normalizeHealthOptions,
} from './health-options.ts';
import {DEFAULT_DRAIN_MS, DEFAULT_REFUSE_MS} from './options.ts';

// What the user may give for `graceful sidecar` (strings until normalized).
export interface SidecarOptionsInput extends HealthOptionsInput {
  drain?: string | number;
  refuse?: string | number;
  gracePeriod?: string | number;
  stopWait?: string | number;
}

// The sidecar's resolved options.
export interface SidecarOptions {
  drainMs: number;
  refuseMs: number;
  gracePeriodMs: number | undefined;
  // After a drain, a server still listening this long was not stopped: the /prestop was stray.
  stopWaitMs: number;
  health: HealthOptions & {port: number};
}

// Servers close their listening sockets when their stop begins (nginx, Go, Node.js) or after a quiesce period
// (mongos: 15 s); 10 s more than covers the first kind, mongos wants --stop-wait 20s.
export const DEFAULT_STOP_WAIT_MS = 10_000;

// Resolves `graceful sidecar` flags; drain + refuse must fit in --grace-period when it is given.
export const normalizeSidecarOptions = (input: SidecarOptionsInput): SidecarOptions => {
  const drainMs = input.drain === undefined ? DEFAULT_DRAIN_MS : normalizeDuration('--drain', input.drain);
  const refuseMs =
    input.refuse === undefined ? DEFAULT_REFUSE_MS : normalizeDuration('--refuse', input.refuse);
  const gracePeriodMs =
    input.gracePeriod === undefined ? undefined : normalizeDuration('--grace-period', input.gracePeriod);
  const stopWaitMs =
    input.stopWait === undefined ? DEFAULT_STOP_WAIT_MS : normalizeDuration('--stop-wait', input.stopWait);
  const health = normalizeHealthOptions(input, drainMs, DEFAULT_HEALTH_PORT);
  validateGraceBudget(
    [
      ['--drain', drainMs],
      ['--refuse', refuseMs],
    ],
    gracePeriodMs,
  );

  return {
    drainMs,
    refuseMs,
    gracePeriodMs,
    stopWaitMs,
    health: {...health, port: health.port ?? DEFAULT_HEALTH_PORT},
  };
};
