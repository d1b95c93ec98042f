import {setTimeout} from 'node:timers/promises';
import {findLiveGroupMembers, readProcStat} from '../proc/processes.ts';
import {isDead} from '../proc/stat.ts';

// Not an import: importing node:fs into an ES module reads every export, and its lazy streams cost each start 3 ms.
const {existsSync} = process.getBuiltinModule('node:fs');

const POLL_MS = 20;
// After a full /proc scan, wait this many times as long as the scan took before the next one.
const SCAN_BACKOFF = 50;

// Whether a process group still has a live member (not a zombie waiting for its parent).
export interface GroupWatch {
  isAlive: () => boolean;
  // How long to wait before asking again: longer after a costly scan of /proc.
  nextPollMs: () => number;
}

/*
kill(-pgid, 0) answers for zombies too, which nobody reaps when graceful is PID 1 without an init, so the live
members come from /proc. Scanning every process costs a core on a busy machine when done every poll, so the
watch remembers the live members it found and asks only the first of them again; it asks the kernel and scans
/proc again only once all of them are gone, and then waits in proportion to what the scan cost.
*/
export const watchGroup = (pgid: number): GroupWatch => {
  let known: number[] = [];
  let scanMs = 0;
  const hasProc = existsSync('/proc/self/stat');
  return {
    isAlive: () => {
      scanMs = 0;
      // A remembered member that still lives settles it: kill(-pgid, 0) walks the whole group in the kernel.
      while (hasProc && known.length > 0) {
        const stat = readProcStat(known[0] ?? 0);
        if (stat !== undefined && stat.pgrp === pgid && !isDead(stat)) return true;
        known.shift();
      }

      try {
        process.kill(-pgid, 0);
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }

      if (!hasProc) return true;
      const startedAt = performance.now();
      known = findLiveGroupMembers(pgid).map(({pid}) => pid);
      scanMs = performance.now() - startedAt;
      return known.length > 0;
    },
    nextPollMs: () => Math.max(POLL_MS, scanMs * SCAN_BACKOFF),
  };
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

// Delivers a signal to the child or, with `group`, to its whole process group; false if nothing received it.
export const deliverSignal = (pid: number, signal: NodeJS.Signals, group: boolean): boolean => {
  try {
    process.kill(group ? -pid : pid, signal);
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
  group: GroupWatch = watchGroup(pgid),
): Promise<boolean> => {
  const deadline = performance.now() + timeoutMs;
  // No kernel event reports an empty process group, so poll it.
  while (group.isAlive()) {
    const left = deadline - performance.now();
    if (left <= 0) {
      return false;
    }

    await setTimeout(Math.min(left, group.nextPollMs()), undefined, {signal});
  }

  return true;
};
