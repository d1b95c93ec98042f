import {signalNumber} from '../config/signal.ts';

// How the child ended, as far as graceful could tell.
export type ChildOutcome =
  | {type: 'exited'; code: number}
  | {type: 'signaled'; signal: NodeJS.Signals}
  | {type: 'spawnFailed'; errorCode: string | undefined};

// Maps the child's outcome to graceful's own exit status, as a shell would (tini, dumb-init).
export const exitStatus = (outcome: ChildOutcome): number => {
  switch (outcome.type) {
    case 'exited':
      return outcome.code & 0xff;
    case 'signaled':
      return 128 + signalNumber(outcome.signal);
    case 'spawnFailed':
      return outcome.errorCode === 'ENOENT' ? 127 : 126;
  }
};

// A one-line reason for a failed exec, naming the command.
export const describeSpawnFailure = (command: string, errorCode: string | undefined): string => {
  switch (errorCode) {
    case 'ENOENT':
      return `cannot run ${command}: command not found (exit 127)`;
    case 'EACCES':
      return `cannot run ${command}: permission denied, the file is not executable (exit 126)`;
    default:
      return `cannot run ${command}: ${errorCode ?? 'unknown error'} (exit 126)`;
  }
};
