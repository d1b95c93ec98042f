import {normalizeDuration} from '../config/duration.ts';
import {validateGraceBudget} from '../config/grace-budget.ts';
import {normalizeList, refuseValueless} from '../config/list.ts';
import type {OptionSpec, OptionsInput} from '../config/option-spec.ts';
import {normalizeSignal} from '../config/signal.ts';
import {normalizeBoolean} from '../config/usage.ts';
import {UsageError} from '../errors.ts';
import {DRAIN_READINESS_OPTION, healthOptions, QUIET_OPTIONS} from '../health/options.ts';
import {LOG_OPTIONS} from '../log/options.ts';
import {
  DEFAULT_DRAIN_MS,
  DEFAULT_REFUSE_MS,
  DEFAULT_SHUTDOWN_SIGNALS,
  DEFAULT_STOP_TIMEOUT_MS,
} from '../phases/defaults.ts';
import {INIT_OPTION} from '../pid1/options.ts';

// The resolved options every part of the supervisor works from.
export interface RunOptions {
  command: string;
  args: string[];
  drainMs: number;
  // undefined: stop the child with the shutdown signal that graceful received.
  stopSignal: NodeJS.Signals | undefined;
  stopTimeoutMs: number;
  refuseMs: number;
  gracePeriodMs: number | undefined;
  shutdownSignals: NodeJS.Signals[];
  rewrite: Partial<Record<NodeJS.Signals, NodeJS.Signals>>;
  signalGroup: boolean;
}

// The wrapper's own options, in the order --help and the README list them.
export const WRAPPER_OPTIONS = [
  {
    name: 'drain',
    kind: 'duration',
    default: DEFAULT_DRAIN_MS,
    describe: 'after a shutdown signal, keep the child serving this long',
  },
  {
    name: 'stop-signal',
    kind: 'signal',
    defaultText: 'the shutdown signal received',
    describe: 'signal that asks the child to stop (nginx: SIGQUIT)',
  },
  {
    name: 'stop-timeout',
    kind: 'duration',
    default: DEFAULT_STOP_TIMEOUT_MS,
    describe: "then SIGKILL the child's whole process group after this long",
  },
  {
    name: 'refuse',
    kind: 'duration',
    default: DEFAULT_REFUSE_MS,
    describe: 'after the child exited, stay alive this long (pod IP kept, its ports refuse)',
  },
  {
    name: 'grace-period',
    kind: 'duration',
    defaultText: 'unset',
    describe:
      "the pod's terminationGracePeriodSeconds; refuse to start if drain + stop-timeout + refuse exceed it",
  },
  {
    name: 'shutdown-signals',
    kind: 'signals',
    default: DEFAULT_SHUTDOWN_SIGNALS,
    describe: 'which signals start the shutdown, comma-separated',
  },
  {
    name: 'rewrite',
    kind: 'list',
    array: true,
    defaultText: 'none',
    describe: 'repeatable `FROM:TO`, e.g. `SIGHUP:SIGUSR1`, applied to forwarded signals',
  },
  {
    name: 'signal-group',
    kind: 'boolean',
    default: false,
    describe: "deliver forwarded and stop signals to the child's process group instead of its PID",
  },
  INIT_OPTION,
  ...LOG_OPTIONS,
] as const satisfies readonly OptionSpec[];

// What the user may give for `graceful run`, from flags or GRACEFUL_* variables (strings until normalized).
export type RunOptionsInput = OptionsInput<typeof WRAPPER_OPTIONS>;

// The wrapper's health endpoints and quiet drain.
export const WRAPPER_HEALTH_OPTIONS = [
  ...healthOptions(undefined),
  DRAIN_READINESS_OPTION,
  ...QUIET_OPTIONS,
] as const satisfies readonly OptionSpec[];

// Every option of `graceful [options] -- <command>`: yargs and the quick path read this one list.
export const RUN_OPTIONS: readonly OptionSpec[] = [...WRAPPER_OPTIONS, ...WRAPPER_HEALTH_OPTIONS];

// Parses `--rewrite FROM:TO` pairs into a map from received to delivered signal.
export const normalizeRewrite = (values: string[]): RunOptions['rewrite'] => {
  const rewrite: RunOptions['rewrite'] = {};
  for (const value of values) {
    const [from, to, extra] = value.split(':');
    if (from === undefined || to === undefined || extra !== undefined) {
      throw new UsageError(
        `--rewrite: expected FROM:TO such as SIGHUP:SIGUSR1, got ${JSON.stringify(value)}`,
      );
    }

    rewrite[normalizeSignal('--rewrite', from, {catchable: true})] = normalizeSignal('--rewrite', to);
  }

  return rewrite;
};

// A shutdown signal starts graceful's phases and is never forwarded, so rewriting it would do nothing.
export const validateRewrite = ({rewrite, shutdownSignals}: RunOptions): void => {
  for (const [from, to] of Object.entries(rewrite)) {
    if (shutdownSignals.includes(from as NodeJS.Signals)) {
      throw new UsageError(
        `--rewrite ${from}:${to}: ${from} starts graceful's shutdown and is never forwarded; to stop the child with ${to} after the drain, use --stop-signal ${to}`,
      );
    }
  }
};

// Validates the shutdown budget against the pod's terminationGracePeriodSeconds.
export const validateBudget = ({drainMs, stopTimeoutMs, refuseMs, gracePeriodMs}: RunOptions): void =>
  validateGraceBudget(
    [
      ['--drain', drainMs],
      ['--stop-timeout', stopTimeoutMs],
      ['--refuse', refuseMs],
    ],
    gracePeriodMs,
  );

// Resolves flags (already merged with GRACEFUL_* variables) and the command into RunOptions.
export const normalizeRunOptions = (input: RunOptionsInput, command: string[]): RunOptions => {
  const [file, ...args] = command;
  if (file === undefined || file === '') {
    throw new UsageError('no command given: expected graceful [options] -- <command> [args...]');
  }

  refuseValueless('--rewrite', input.rewrite, 'FROM:TO such as SIGHUP:SIGUSR1');

  const shutdownSignals = normalizeList(input.shutdownSignals).map((value) =>
    normalizeSignal('--shutdown-signals', value, {catchable: true}),
  );
  const options: RunOptions = {
    command: file,
    args,
    drainMs: input.drain === undefined ? DEFAULT_DRAIN_MS : normalizeDuration('--drain', input.drain),
    stopSignal:
      input.stopSignal === undefined ? undefined : normalizeSignal('--stop-signal', input.stopSignal),
    stopTimeoutMs:
      input.stopTimeout === undefined
        ? DEFAULT_STOP_TIMEOUT_MS
        : normalizeDuration('--stop-timeout', input.stopTimeout),
    refuseMs: input.refuse === undefined ? DEFAULT_REFUSE_MS : normalizeDuration('--refuse', input.refuse),
    gracePeriodMs:
      input.gracePeriod === undefined ? undefined : normalizeDuration('--grace-period', input.gracePeriod),
    shutdownSignals: shutdownSignals.length > 0 ? shutdownSignals : DEFAULT_SHUTDOWN_SIGNALS,
    rewrite: normalizeRewrite(normalizeList(input.rewrite)),
    signalGroup: normalizeBoolean('--signal-group', input.signalGroup, false),
  };
  validateRewrite(options);
  validateBudget(options);
  return options;
};
