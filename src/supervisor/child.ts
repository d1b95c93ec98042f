import {execa} from 'execa';
import type {RunOptions} from '../config/options.ts';
import type {ChildOutcome} from './exit-status.ts';

export type Child = ReturnType<typeof spawnChild>;

// Starts the command without a shell, in a session and process group of its own, with graceful's stdio.
export const spawnChild = ({command, args}: Pick<RunOptions, 'command' | 'args'>) =>
  execa(command, args, {
    // Own process group: a terminal's Ctrl-C reaches graceful only, and the group can be killed as a whole.
    detached: true,
    stdio: 'inherit',
    reject: false,
    buffer: false,
    // graceful owns the stop window and its own exit hook, so execa's are turned off.
    cleanup: false,
    killSignal: 'SIGKILL',
    forceKillAfterDelay: false,
  });

// Settles when the child has exited, with how it ended.
export const waitForChildExit = async (child: Child): Promise<ChildOutcome> => {
  const result = await child;
  if (result.signal !== undefined) {
    return {type: 'signaled', signal: result.signal};
  }

  if (result.exitCode !== undefined) {
    return {type: 'exited', code: result.exitCode};
  }

  return {type: 'spawnFailed', errorCode: result.code};
};
