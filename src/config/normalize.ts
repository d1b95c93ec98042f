import {UsageError} from '../errors.ts';
import {DEFAULT_LOG_LEVEL, LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel} from '../log.ts';
import {normalizeDuration} from './duration.ts';
import {validateGraceBudget} from './grace-budget.ts';
import {
  DEFAULT_DRAIN_MS,
  DEFAULT_REFUSE_MS,
  DEFAULT_SHUTDOWN_SIGNALS,
  DEFAULT_STOP_TIMEOUT_MS,
  type RunOptions,
  type RunOptionsInput,
} from './options.ts';
import {normalizeSignal} from './signal.ts';
import {normalizeBoolean} from './usage.ts';

// Splits repeatable or comma-separated list values: `--rewrite A:B --rewrite C:D` or `SIGTERM,SIGINT`.
const normalizeList = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');

// yargs hands a repeatable option written with no value after it (`--rewrite --`) over as an empty list.
export const refuseValueless = (flag: string, value: unknown, expected: string): void => {
  if (Array.isArray(value) && value.length === 0) {
    throw new UsageError(`${flag}: expected ${expected}, got none`);
  }
};

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

// Validates --log-level.
export const normalizeLogLevel = (value: unknown): LogLevel => {
  if (value === undefined) {
    return DEFAULT_LOG_LEVEL;
  }

  if (!LOG_LEVELS.includes(value as LogLevel)) {
    throw new UsageError(
      `--log-level: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }

  return value as LogLevel;
};

// Validates --log-format; without one, 'auto': pretty on a terminal and JSON elsewhere (resolveLogFormat).
export const normalizeLogFormat = (value: unknown): LogFormat | 'auto' => {
  if (value === undefined) {
    return 'auto';
  }

  if (!LOG_FORMATS.includes(value as LogFormat)) {
    throw new UsageError(
      `--log-format: expected one of ${LOG_FORMATS.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }

  return value as LogFormat;
};
