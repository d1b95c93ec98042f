import {UsageError} from '../errors.ts';

// What graceful does about orphaned zombies when it is PID 1 (--init, GRACEFUL_INIT).
export const INIT_MODES = ['none', 'embedded'] as const;
export type InitMode = (typeof INIT_MODES)[number];

/*
none by default: the embedded tini must be written to a file and executed, which a read-only root file system
refuses and which security tools report as a dropped binary (Falco's "Drop and execute new binary in
container", CRITICAL). Kubernetes and container runtimes offer a reaping PID 1 without it (README, Security).
*/
export const DEFAULT_INIT: InitMode = 'none';

// Validates --init; an error from GRACEFUL_INIT is named by the CLI as for every option (nameVariable).
export const normalizeInit = (value: unknown): InitMode => {
  if (value === undefined) {
    return DEFAULT_INIT;
  }

  if (INIT_MODES.includes(value as InitMode)) {
    return value as InitMode;
  }

  throw new UsageError(`--init: expected ${INIT_MODES.join(' or ')}, got ${JSON.stringify(value)}`);
};
