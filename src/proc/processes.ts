import {isDead, type ProcStat, parseProcStat} from './stat.ts';

// Not an import: importing node:fs into an ES module reads every export, and its lazy streams cost each start 3 ms.
const {readdirSync, readFileSync} = process.getBuiltinModule('node:fs');

// Reads /proc/<pid>/stat of one process; undefined once it is gone.
export const readProcStat = (pid: number): ProcStat | undefined => {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
};

// Every process this one can see in /proc.
export const listProcesses = (): ProcStat[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);

// The live (not zombie) processes of a process group, found by scanning /proc.
export const findLiveGroupMembers = (pgid: number): ProcStat[] =>
  listProcesses().filter((stat) => stat.pgrp === pgid && !isDead(stat));
