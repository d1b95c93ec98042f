// The fields of /proc/<pid>/stat that graceful needs.
export interface ProcStat {
  pid: number;
  comm: string;
  // R running, S sleeping, D disk, Z zombie, X dead, T stopped, ...
  state: string;
  ppid: number;
  pgrp: number;
}

// Parses the text of /proc/<pid>/stat; the command name may hold spaces and parentheses, so split at the last ')'.
export const parseProcStat = (text: string): ProcStat | undefined => {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) {
    return undefined;
  }

  const [state, ppid, pgrp] = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const pid = Number(text.slice(0, open).trim());
  if (state === undefined || !Number.isInteger(pid) || ppid === undefined || pgrp === undefined) {
    return undefined;
  }

  return {pid, comm: text.slice(open + 1, close), state, ppid: Number(ppid), pgrp: Number(pgrp)};
};

// True for a process that has ended and only waits to be reaped.
export const isDead = ({state}: ProcStat): boolean => state === 'Z' || state === 'X' || state === 'x';

// Every process below `pid` in a process table, children before grandchildren.
export const findDescendants = (processes: ProcStat[], pid: number): ProcStat[] => {
  const found: ProcStat[] = [];
  let parents = new Set([pid]);
  while (parents.size > 0) {
    const children = processes.filter((process) => parents.has(process.ppid) && process.pid !== pid);
    found.push(...children);
    parents = new Set(children.map((child) => child.pid));
  }

  return found;
};
