import {spawnSync} from 'node:child_process';
import type {Stats} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import * as sea from 'node:sea';
import {
  checkHandOver,
  type FileFacts,
  isSafeUnpackDirectory,
  processStartMs,
  UNPACK_PREFIX,
} from './hand-over.ts';
import type {InitMode} from './options.ts';

// Not an import: importing node:fs into an ES module reads every export, and its lazy streams cost each start 3 ms.
const {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} = process.getBuiltinModule('node:fs');

// Set by graceful for the copy of itself that the embedded tini starts; removed before anything reads the environment.
const INIT_VARIABLE = '_GRACEFUL_EMBEDDED_INIT';
// The SEA asset that holds Debian's static tini (scripts/build-binary.ts).
export const INIT_ASSET = 'tini';
// Where a PID 1 without an init still gets a reaping one.
const CLEAN_PID1 =
  'for a PID 1 that reaps them use shareProcessNamespace: true, tini in the image (tini -- graceful ...), docker run --init, or --init embedded';

type InitState = {type: 'embedded'} | {type: 'none'; mode: InitMode; reason?: string} | {type: 'not-pid1'};

let state: InitState = {type: 'not-pid1'};
let claimed = false;
// Why a hand-over variable was ignored, for the log.
let ignored: string | undefined;

const factsOf = (stats: Stats): FileFacts => ({
  kind: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other',
  dev: stats.dev,
  ino: stats.ino,
  uid: stats.uid,
  mode: stats.mode,
  nlink: stats.nlink,
  ctimeMs: stats.ctimeMs,
});

// undefined when the read fails: the proof then fails, and nothing is removed.
const attempt = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

// The second graceful, started by the embedded tini: removes the unpacked tini once it has proven it is that file.
const claimHandOver = (): void => {
  const path = process.env[INIT_VARIABLE];
  if (claimed || path === undefined) return;
  claimed = true;
  // Never passed on to the child, whatever happens next.
  delete process.env[INIT_VARIABLE];
  if (!sea.isSea()) {
    ignored = `${INIT_VARIABLE}=${path}: the npm package never sets it`;
    return;
  }

  const isEmbeddedTini = (): boolean =>
    attempt(() => Buffer.from(sea.getRawAsset(INIT_ASSET)).equals(readFileSync(path) as Uint8Array)) ?? false;
  const reason = checkHandOver({
    path,
    ppid: process.ppid,
    uid: process.geteuid?.() ?? -1,
    pid1Exe: attempt(() => readlinkSync('/proc/1/exe')),
    pid1Argv: attempt(() => readFileSync('/proc/1/cmdline', 'utf8').split('\0')),
    pid1File: attempt(() => statSync('/proc/1/exe')),
    pid1StartedMs: attempt(() =>
      processStartMs(readFileSync('/proc/1/stat', 'utf8'), readFileSync('/proc/stat', 'utf8')),
    ),
    execPath: process.execPath,
    file: attempt(() => factsOf(lstatSync(path))),
    directory: attempt(() => factsOf(lstatSync(dirname(path)))),
    listDirectory: () => attempt(() => readdirSync(dirname(path))),
    isEmbeddedTini,
  });
  if (reason !== undefined) {
    ignored = `${INIT_VARIABLE}=${path}: ${reason}; removed nothing`;
    return;
  }

  // PID 1 keeps running the deleted file; only the name goes, then the directory if it is empty.
  attempt(() => unlinkSync(path));
  attempt(() => rmdirSync(dirname(path)));
  state = {type: 'embedded'};
};

// Writes tini into a new private directory under `directory`; throws with a code if that is not safe or fails.
const unpackInit = (directory: string, tini: ArrayBuffer, cleanup: string[]): string => {
  const real = realpathSync(directory);
  if (!isSafeUnpackDirectory(factsOf(lstatSync(real)), process.geteuid?.() ?? -1)) {
    throw Object.assign(new Error(`another user could replace what graceful writes in ${real}`), {
      code: 'UNSAFE',
    });
  }

  const unpacked = mkdtempSync(join(real, UNPACK_PREFIX));
  cleanup.push(unpacked);
  const path = join(unpacked, 'tini');
  writeFileSync(path, new Uint8Array(tini), {mode: 0o700, flag: 'wx'});
  cleanup.push(path);
  // The umask may have narrowed the mode; the second graceful checks for exactly 0700.
  chmodSync(path, 0o700);
  return path;
};

/*
Node.js waits only for the children it spawned, so as PID 1 it leaves orphaned zombies behind. With --init embedded
the standalone binary, when it is PID 1, replaces itself with the static tini it carries: tini stays PID 1, reaps
every orphan and forwards signals to a second graceful, which removes the unpacked tini and runs as usual.
Without a mode (at start-up, before options are read) it only completes such a hand-over.
*/
// When graceful is PID 1 in the standalone binary and `mode` is embedded, re-executes it under tini (never returns then).
export const execInitWhenPid1 = (mode: InitMode = 'none'): void => {
  claimHandOver();
  if (state.type === 'embedded' || process.pid !== 1) {
    return;
  }

  if (mode === 'none') {
    state = {type: 'none', mode};
    return;
  }

  if (!sea.isSea()) {
    state = {type: 'none', mode, reason: 'the npm package carries no init (the standalone binary does)'};
    return;
  }

  if (process.execve === undefined) {
    state = {type: 'none', mode, reason: `Node.js ${process.version} has no process.execve`};
    return;
  }

  const tini = sea.getRawAsset(INIT_ASSET);
  const failures: string[] = [];
  for (const directory of new Set([tmpdir(), '/tmp', '/dev/shm', '/run', '/var/tmp'])) {
    // What this attempt created, newest last: removed one by one on failure, never as a tree.
    const created: string[] = [];
    try {
      const path = unpackInit(directory, tini, created);
      // A failed process.execve() aborts Node.js, so first prove that tini runs from here (noexec mounts).
      const probe = spawnSync(path, ['--version'], {stdio: 'ignore'});
      if (probe.error !== undefined || probe.status !== 0) {
        throw probe.error ?? new Error(`tini --version exited ${probe.status}`);
      }

      process.execve(path, [path, '--', process.execPath, ...process.argv.slice(2)], {
        ...process.env,
        [INIT_VARIABLE]: path,
      });
    } catch (error) {
      failures.push(`${directory}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      for (const path of created.reverse()) {
        attempt(() => (path.endsWith('/tini') ? unlinkSync(path) : rmdirSync(path)));
      }
    }
  }

  state = {
    type: 'none',
    mode,
    reason: `could not start the embedded tini (${failures.join(', ')}): mount a writable /tmp that allows execution`,
  };
};

// The one log line about PID 1 and orphaned zombies, if graceful is or replaced PID 1, or ignored a hand-over.
export const describeInit = (): {level: 'info' | 'warn'; message: string} | undefined => {
  const note = ignored === undefined ? '' : ` (ignored ${ignored})`;
  switch (state.type) {
    case 'embedded':
      return {level: 'info', message: 'PID 1 is the tini embedded in graceful: orphaned zombies are reaped'};
    case 'none':
      if (state.reason === undefined) {
        return {
          level: ignored === undefined ? 'info' : 'warn',
          message: `PID 1 is graceful itself (--init none): orphans re-parented to it stay zombies until the container ends; ${CLEAN_PID1}${note}`,
        };
      }

      return {
        level: 'warn',
        message: `running as PID 1 without an init, so orphaned zombies are not reaped: --init embedded: ${state.reason}; ${CLEAN_PID1.replace(', or --init embedded', '')}${note}`,
      };
    case 'not-pid1':
      return ignored === undefined ? undefined : {level: 'warn', message: `ignored ${ignored}`};
  }
};
