import {normalizeChoice, type OptionSpec} from '../config/option-spec.ts';

// What graceful does about orphaned zombies when it is PID 1 (--init, GRACEFUL_INIT).
export type InitMode = 'none' | 'embedded';

/*
none by default: the embedded tini must be written to a file and executed, which a read-only root file system
refuses and which security tools report as a dropped binary (Falco's "Drop and execute new binary in
container", CRITICAL). Kubernetes and container runtimes offer a reaping PID 1 without it (README, Security).
*/
export const DEFAULT_INIT: InitMode = 'none';

// The wrapper's --init.
export const INIT_OPTION = {
  name: 'init',
  kind: 'choice',
  choices: [DEFAULT_INIT, 'embedded'] satisfies InitMode[],
  default: DEFAULT_INIT,
  describe:
    "as PID 1: `none` writes and runs no file, orphans stay zombies; `embedded` makes the standalone binary's tini PID 1",
} as const satisfies OptionSpec;

// Validates --init; an error from GRACEFUL_INIT is named by the CLI as for every option (nameVariable).
export const normalizeInit = (value: unknown): InitMode =>
  value === undefined ? INIT_OPTION.default : normalizeChoice(INIT_OPTION, value);
