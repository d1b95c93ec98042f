import {describe, expect, test} from 'vitest';
import {findInheritedFds} from '../../../src/startup/inherited-fds.ts';
import {inheritStdio} from '../../../src/supervisor/child.ts';

describe('findInheritedFds', () => {
  test('keeps what was passed to graceful and leaves out what Node.js opened for itself', () => {
    const links = new Map<number, string>([
      [0, '/dev/null'],
      [1, 'pipe:[100]'],
      [2, 'pipe:[101]'],
      [3, 'socket:[200]'],
      [4, 'anon_inode:[eventpoll]'],
      [5, '/etc/hostname'],
      [6, 'anon_inode:[io_uring]'],
      [7, 'pipe:[300]'],
      [8, 'pipe:[300]'],
      [9, 'anon_inode:[eventfd]'],
      [12, 'pipe:[400]'],
    ]);
    expect(findInheritedFds(links)).toEqual([3, 5, 12]);
  });

  test('nothing beyond 2: nothing to pass', () => {
    expect(findInheritedFds(new Map([[0, '/dev/null']]))).toEqual([]);
  });
});

describe('inheritStdio', () => {
  test.each<[number[], unknown[]]>([
    [[], ['inherit', 'inherit', 'inherit']],
    [[3], ['inherit', 'inherit', 'inherit', 3]],
    [
      [3, 5],
      ['inherit', 'inherit', 'inherit', 3, 'ignore', 5],
    ],
  ])('%j → %j', (fds, stdio) => {
    expect(inheritStdio(fds)).toEqual(stdio);
  });
});
