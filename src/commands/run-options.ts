import type {OptionSpec} from '../config/option-spec.ts';
import {
  DEFAULT_DRAIN_MS,
  DEFAULT_REFUSE_MS,
  DEFAULT_SHUTDOWN_SIGNALS,
  DEFAULT_STOP_TIMEOUT_MS,
} from '../config/options.ts';
import {DRAIN_READINESS_OPTION, healthOptions, LOG_OPTIONS, QUIET_OPTIONS} from './shared-options.ts';

// The wrapper's own options, in the order --help and the README list them.
export const WRAPPER_OPTIONS: OptionSpec[] = [
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
  {
    name: 'init',
    kind: 'choice',
    default: 'none',
    describe:
      "as PID 1: `none` writes and runs no file, orphans stay zombies; `embedded` makes the standalone binary's tini PID 1",
  },
  ...LOG_OPTIONS,
];

// The wrapper's health endpoints and quiet drain.
export const WRAPPER_HEALTH_OPTIONS: OptionSpec[] = [
  ...healthOptions(undefined),
  DRAIN_READINESS_OPTION,
  ...QUIET_OPTIONS,
];

// Every option of `graceful [options] -- <command>`: yargs and the quick path read this one list.
export const RUN_OPTIONS: OptionSpec[] = [...WRAPPER_OPTIONS, ...WRAPPER_HEALTH_OPTIONS];
