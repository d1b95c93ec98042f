import {describe, expect, test} from 'vitest';
import {
  checkHandOver,
  type FileFacts,
  type HandOverEvidence,
  isSafeUnpackDirectory,
  processStartMs,
} from '../../../src/pid1/hand-over.ts';

const PATH = '/tmp/graceful-init-AbC123/tini';
const UID = 1000;
const STARTED_MS = 1_796_000_000_000;
const file: FileFacts = {
  kind: 'file',
  dev: 64,
  ino: 4242,
  uid: UID,
  mode: 0o100700,
  nlink: 1,
  ctimeMs: STARTED_MS + 40,
};
const directory: FileFacts = {...file, kind: 'directory', ino: 4241, mode: 0o40700, nlink: 2};

// What the second graceful sees right after a genuine hand-over.
const genuine: HandOverEvidence = {
  path: PATH,
  ppid: 1,
  uid: UID,
  pid1Exe: PATH,
  pid1Argv: [PATH, '--', '/usr/local/bin/graceful', '--init', 'embedded', '--', 'nginx', ''],
  pid1File: {dev: 64, ino: 4242},
  pid1StartedMs: STARTED_MS,
  execPath: '/usr/local/bin/graceful',
  file,
  directory,
  listDirectory: () => ['tini'],
  isEmbeddedTini: () => true,
};

describe('checkHandOver', () => {
  test('proves a genuine hand-over', () => {
    expect(checkHandOver(genuine)).toBeUndefined();
  });

  test.each<[string, Partial<HandOverEvidence>, RegExp]>([
    ['a directory to wipe', {path: '/some/dir/x'}, /not a graceful-init-XXXXXX\/tini path/],
    ['a relative path', {path: 'graceful-init-AbC123/tini'}, /absolute/],
    ['a path with ..', {path: '/tmp/graceful-init-AbC123/../graceful-init-AbC123/tini'}, /normalized/],
    ['a path one level too deep', {path: '/tmp/graceful-init-AbC123/x/tini'}, /path/],
    ['tini in the image', {path: '/usr/bin/tini', pid1Exe: '/usr/bin/tini'}, /path/],
    ['a parent other than PID 1', {ppid: 4711}, /parent is PID 4711/],
    ['PID 1 running another file', {pid1Exe: '/usr/bin/tini'}, /PID 1 executes \/usr\/bin\/tini/],
    ['PID 1 unreadable', {pid1Exe: undefined}, /unreadable/],
    [
      'PID 1 not running this graceful',
      {pid1Argv: [PATH, '--', '/usr/bin/other']},
      /not running tini -- graceful/,
    ],
    ['PID 1 without --', {pid1Argv: [PATH, '/usr/local/bin/graceful']}, /not running tini/],
    ['a missing file', {file: undefined}, /regular file/],
    ['a symbolic link', {file: {...file, kind: 'other'}}, /regular file/],
    ['a hard link', {file: {...file, nlink: 2}}, /one link/],
    ['a file PID 1 does not execute', {pid1File: {dev: 64, ino: 1}}, /not the file PID 1 executes/],
    [
      'a tini older than PID 1 (shipped in the image)',
      {file: {...file, ctimeMs: STARTED_MS - 1}},
      /older than PID 1/,
    ],
    ["PID 1's start unknown", {pid1StartedMs: undefined}, /older than PID 1/],
    ['another user’s file', {file: {...file, uid: 0}}, /the file is not private to user 1000/],
    ['a file others may write', {file: {...file, mode: 0o100777}}, /the file is not private/],
    ['a shared directory', {directory: {...directory, mode: 0o41777}}, /its directory is not private/],
    ['a directory that is a file', {directory: {...directory, kind: 'file'}}, /no directory/],
    ['a directory with more in it', {listDirectory: () => ['tini', 'data']}, /more than tini/],
    ['another binary', {isEmbeddedTini: () => false}, /not the tini that graceful carries/],
  ])('refuses %s', (_, change, reason) => {
    expect(checkHandOver({...genuine, ...change})).toMatch(reason);
  });

  test('lists the directory and reads the file only once the path is PID 1’s executable', () => {
    const asked: string[] = [];
    const lazy = {
      isEmbeddedTini: () => asked.push('file') > 0,
      listDirectory: () => {
        asked.push('directory');
        return ['tini'];
      },
    };
    expect(checkHandOver({...genuine, ...lazy, path: '/usr/lib/x'})).toBeDefined();
    expect(checkHandOver({...genuine, ...lazy, ppid: 7})).toBeDefined();
    expect(checkHandOver({...genuine, ...lazy, pid1Exe: '/usr/bin/tini'})).toBeDefined();
    expect(asked).toEqual([]);
    expect(checkHandOver({...genuine, ...lazy})).toBeUndefined();
    expect(asked).toEqual(['directory', 'file']);
  });
});

describe('isSafeUnpackDirectory', () => {
  test.each<[string, Partial<FileFacts>, boolean]>([
    ['/tmp (root, 1777)', {uid: 0, mode: 0o41777}, true],
    ['root, 0755', {uid: 0, mode: 0o40755}, true],
    ['own, 0700', {uid: UID, mode: 0o40700}, true],
    ['own, 0777 without sticky bit', {uid: UID, mode: 0o40777}, false],
    ['root, 0775', {uid: 0, mode: 0o40775}, false],
    ["another user's, 0755", {uid: 1001, mode: 0o40755}, false],
    ["another user's /tmp-like, 1777", {uid: 1001, mode: 0o41777}, false],
    ['a file', {kind: 'file', uid: 0, mode: 0o100755}, false],
  ])('%s: %s', (_, change, safe) => {
    expect(isSafeUnpackDirectory({...directory, ...change}, UID)).toBe(safe);
  });
});

describe('processStartMs', () => {
  // /proc/<pid>/stat of a PID 1 named with a space and a parenthesis, and /proc/stat's boot time.
  const STAT =
    '1 (tini (x)) S 0 1 1 0 -1 4194560 1181 0 0 0 0 0 0 0 20 0 1 0 21350 2396160 120 18446744073709551615';
  const PROC_STAT = 'cpu  1 2 3\nintr 0\nbtime 1796000000\nprocesses 9\n';

  test('adds starttime ticks (field 22) to the boot time', () => {
    expect(processStartMs(STAT, PROC_STAT)).toBe(1_796_000_000_000 + 213_500);
    expect(processStartMs(STAT, PROC_STAT, 1000)).toBe(1_796_000_000_000 + 21_350);
  });

  test.each([
    ['no btime', STAT, 'cpu 1 2 3\n'],
    ['a truncated stat', '1 (tini) S 0 1', PROC_STAT],
    ['no parenthesis', 'garbage', PROC_STAT],
  ])('is undefined for %s', (_, stat, procStat) => {
    expect(processStartMs(stat, procStat)).toBeUndefined();
  });
});
