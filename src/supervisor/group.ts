import {existsSync} from 'node:fs';
import {setTimeout} from 'node:timers/promises';
import {findLiveGroupMembers} from '../proc/processes.ts';

const POLL_MS = 20;

// True while a live process (not a zombie waiting for its parent) still belongs to process group `pgid`.
export const isGroupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }

  // Zombies keep answering kill(0) until reaped, which never happens as PID 1 without an init: ask /proc,
  // which costs a scan of every process, so only once kill(0) found the group.
  return existsSync('/proc/self/stat') ? findLiveGroupMembers(pgid).length > 0 : true;
};

// Sends a signal to a whole process group; false when the group is already gone.
export const signalGroup = (pgid: number, signal: NodeJS.Signals): boolean => {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
};

// Settles once the group is empty (true) or `timeoutMs` has passed (false).
export const waitForGroupExit = async (
  pgid: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> => {
  const deadline = performance.now() + timeoutMs;
  // No kernel event reports an empty process group, so poll it.
  while (isGroupAlive(pgid)) {
    if (performance.now() >= deadline) {
      return false;
    }

    await setTimeout(POLL_MS, undefined, {signal});
  }

  return true;
};
