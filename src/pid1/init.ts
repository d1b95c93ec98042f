import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import * as sea from 'node:sea';

// Set by graceful for the copy of itself that the embedded tini starts; removed before anything reads the environment.
const INIT_VARIABLE = '_GRACEFUL_EMBEDDED_INIT';
// The SEA asset that holds Debian's static tini (scripts/build-binary.ts).
export const INIT_ASSET = 'tini';
// Writable, executable places to unpack tini, in order; /dev/shm and /tmp are often noexec or read-only.
const UNPACK_DIRECTORIES = [tmpdir(), '/tmp', '/dev/shm', '/run', '/var/tmp'];

type InitState = {type: 'embedded'} | {type: 'none'; reason: string} | {type: 'not-pid1'};

let state: InitState = {type: 'not-pid1'};

const unpackInit = (directory: string, tini: ArrayBuffer): string => {
  const path = join(mkdtempSync(join(directory, 'graceful-init-')), 'tini');
  writeFileSync(path, new Uint8Array(tini), {mode: 0o700});
  return path;
};

/*
Node.js waits only for the children it spawned, so as PID 1 it leaves orphaned zombies behind. The standalone
binary therefore replaces itself, when it is PID 1, with the static tini it carries: tini stays PID 1, reaps
every orphan and forwards signals to a second graceful, which removes the unpacked tini and runs as usual.
*/
// When graceful is PID 1 in the standalone binary, re-executes it under the embedded tini (never returns then).
export const execInitWhenPid1 = (): void => {
  const unpacked = process.env[INIT_VARIABLE];
  if (unpacked !== undefined) {
    delete process.env[INIT_VARIABLE];
    rmSync(dirname(unpacked), {recursive: true, force: true});
    state = {type: 'embedded'};
    return;
  }

  if (process.pid !== 1) {
    return;
  }

  if (!sea.isSea()) {
    state = {type: 'none', reason: 'the npm package carries no init (the standalone binary does)'};
    return;
  }

  if (process.execve === undefined) {
    state = {type: 'none', reason: `Node.js ${process.version} has no process.execve`};
    return;
  }

  const tini = sea.getRawAsset(INIT_ASSET);
  const failures: string[] = [];
  for (const directory of new Set(UNPACK_DIRECTORIES)) {
    let path: string | undefined;
    try {
      path = unpackInit(directory, tini);
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
      if (path !== undefined) {
        rmSync(dirname(path), {recursive: true, force: true});
      }
    }
  }

  state = {
    type: 'none',
    reason: `could not start the embedded tini (${failures.join(', ')}): mount a writable /tmp that allows execution`,
  };
};

// The one log line about PID 1 and orphaned zombies, if graceful is or replaced PID 1.
export const describeInit = (): {level: 'info' | 'warn'; message: string} | undefined => {
  switch (state.type) {
    case 'embedded':
      return {level: 'info', message: 'PID 1 is the tini embedded in graceful: orphaned zombies are reaped'};
    case 'none':
      return {
        level: 'warn',
        message: `running as PID 1 without an init, so orphaned zombies are not reaped: ${state.reason}; or add an init (tini -- graceful ..., docker run --init)`,
      };
    case 'not-pid1':
      return undefined;
  }
};
