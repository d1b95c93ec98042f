import {basename, dirname, isAbsolute, normalize} from 'node:path';

// The name of the directory graceful unpacks tini into: mkdtemp's six random characters after the prefix.
export const UNPACK_PREFIX = 'graceful-init-';
const UNPACKED = new RegExp(`^${UNPACK_PREFIX}[A-Za-z0-9]{6}$`);

// What lstat says about a file or directory, as far as the proof needs it.
export interface FileFacts {
  kind: 'file' | 'directory' | 'other';
  dev: number;
  ino: number;
  uid: number;
  mode: number;
  nlink: number;
  // The last change of the inode, which no user can set back (unlike mtime).
  ctimeMs: number;
}

// Everything the second graceful read about the path the hand-over variable names, and about PID 1.
export interface HandOverEvidence {
  // The variable's value.
  path: string;
  // This process's parent and effective user.
  ppid: number;
  uid: number;
  // readlink /proc/1/exe, /proc/1/cmdline split at NUL, and stat /proc/1/exe (the inode PID 1 executes).
  pid1Exe: string | undefined;
  pid1Argv: string[] | undefined;
  pid1File: Pick<FileFacts, 'dev' | 'ino'> | undefined;
  // When PID 1 started (processStartMs): the first graceful of this run, before it became tini.
  pid1StartedMs: number | undefined;
  // This process's executable: PID 1 must be running tini -- <it>.
  execPath: string;
  file: FileFacts | undefined;
  directory: FileFacts | undefined;
  // The directory's entries: asked only once the file is known to be PID 1's (a hostile path may name a huge one).
  listDirectory: () => string[] | undefined;
  // Whether the file's bytes are the tini this binary carries: asked last, once the file is known to be PID 1's.
  isEmbeddedTini: () => boolean;
}

/*
Whether `path` is the tini that the first graceful of this run unpacked and that now runs as PID 1; a reason if
not. An environment variable alone proves nothing: someone else could set it. What an environment cannot fake
is PID 1 itself: graceful's parent is PID 1, PID 1 executes exactly this inode as `tini -- <this executable>`,
the file was made after PID 1 started (so by PID 1 itself, before it became tini: a tini shipped in the image is
older), and it is the embedded tini, alone in a private mkdtemp directory of this user. Only then may graceful
remove it (the file, then its empty directory: never a tree).
*/
export const checkHandOver = (evidence: HandOverEvidence): string | undefined => {
  const {path, file, directory} = evidence;
  if (!isAbsolute(path) || normalize(path) !== path) return 'not an absolute, normalized path';
  if (basename(path) !== 'tini' || !UNPACKED.test(basename(dirname(path)))) {
    return `not a ${UNPACK_PREFIX}XXXXXX/tini path`;
  }

  if (evidence.ppid !== 1) return `graceful's parent is PID ${evidence.ppid}, not PID 1`;
  if (evidence.pid1Exe !== path) return `PID 1 executes ${evidence.pid1Exe ?? 'an unreadable file'}`;
  const [, dashes, command] = evidence.pid1Argv ?? [];
  if (evidence.pid1Argv?.[0] !== path || dashes !== '--' || command !== evidence.execPath) {
    return 'PID 1 is not running tini -- graceful';
  }

  if (file?.kind !== 'file' || file.nlink !== 1) return 'not a regular file with one link';
  if (file.dev !== evidence.pid1File?.dev || file.ino !== evidence.pid1File?.ino) {
    return 'not the file PID 1 executes';
  }

  if (evidence.pid1StartedMs === undefined || file.ctimeMs < evidence.pid1StartedMs) {
    return 'older than PID 1, so not unpacked by it';
  }

  if (directory?.kind !== 'directory') return 'its directory is no directory';
  for (const [what, facts] of [
    ['the file', file],
    ['its directory', directory],
  ] as const) {
    if (facts.uid !== evidence.uid || (facts.mode & 0o777) !== 0o700) {
      return `${what} is not private to user ${evidence.uid}`;
    }
  }

  if (evidence.listDirectory()?.join('/') !== 'tini') return 'its directory holds more than tini';
  if (!evidence.isEmbeddedTini()) return 'not the tini that graceful carries';
  return undefined;
};

// Whether graceful may unpack tini into a directory: nobody but root and this user can rename what it creates
// there (group or other writable only with the sticky bit, as /tmp).
export const isSafeUnpackDirectory = (facts: FileFacts, uid: number): boolean =>
  facts.kind === 'directory' &&
  (facts.uid === 0 || facts.uid === uid) &&
  ((facts.mode & 0o022) === 0 || (facts.mode & 0o1000) !== 0);

/*
When a process started, in milliseconds since the epoch, from its /proc/<pid>/stat (field 22, starttime, in clock
ticks since boot) and /proc/stat (btime, boot time in whole seconds). btime is rounded down, so the result is
up to a second early: never later than the real start. Linux reports ticks as USER_HZ, 100 on every
architecture graceful ships for.
*/
export const processStartMs = (
  statText: string,
  procStatText: string,
  ticksPerSecond = 100,
): number | undefined => {
  const startTicks = Number(statText.slice(statText.lastIndexOf(')') + 2).split(' ')[19]);
  const bootSeconds = Number(/^btime (\d+)$/m.exec(procStatText)?.[1]);
  if (!Number.isFinite(startTicks) || !Number.isFinite(bootSeconds) || statText.lastIndexOf(')') < 0) {
    return undefined;
  }

  return bootSeconds * 1000 + (startTicks * 1000) / ticksPerSecond;
};
