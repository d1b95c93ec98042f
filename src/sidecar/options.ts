import {normalizeDuration} from '../config/duration.ts';
import {validateGraceBudget} from '../config/grace-budget.ts';
import type {OptionSpec, OptionsInput} from '../config/option-spec.ts';
import {
  DEFAULT_HEALTH_PORT,
  DRAIN_READINESS_OPTION,
  type HealthOptions,
  type HealthOptionsInput,
  healthOptions,
  normalizeHealthOptions,
  PRESTOP_OPTIONS,
  QUIET_OPTIONS,
} from '../health/options.ts';
import {LOG_OPTIONS} from '../log/options.ts';
import {DEFAULT_DRAIN_MS, DEFAULT_REFUSE_MS} from '../phases/defaults.ts';

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

// The sidecar's own options, in the order --help and the README list them.
export const SIDECAR_OWN_OPTIONS = [
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
] as const satisfies readonly OptionSpec[];

// Every option of `graceful sidecar`.
export const SIDECAR_OPTIONS: readonly OptionSpec[] = [
  ...healthOptions(DEFAULT_HEALTH_PORT),
  ...QUIET_OPTIONS,
  ...SIDECAR_OWN_OPTIONS,
  DRAIN_READINESS_OPTION,
  ...LOG_OPTIONS,
];

// What the user may give for `graceful sidecar` (strings until normalized).
export type SidecarOptionsInput = OptionsInput<typeof SIDECAR_OWN_OPTIONS> & HealthOptionsInput;

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
