import {describe, expect, test} from 'vitest';
import {findDescendants, isDead, parseProcStat} from '../../../src/proc/stat.ts';

describe('parseProcStat', () => {
  test.each([
    [
      '4242 (nginx) S 4241 4241 4241 0 -1 4194560 81 0 0 0',
      {pid: 4242, comm: 'nginx', state: 'S', ppid: 4241, pgrp: 4241},
    ],
    ['7 (my (odd) name) Z 1 5 5 0 -1', {pid: 7, comm: 'my (odd) name', state: 'Z', ppid: 1, pgrp: 5}],
    ['1 (graceful) R 0 1 1 0 -1 4194560', {pid: 1, comm: 'graceful', state: 'R', ppid: 0, pgrp: 1}],
    ['12 (a b) T 3 12 3 0', {pid: 12, comm: 'a b', state: 'T', ppid: 3, pgrp: 12}],
  ])('%j', (text, stat) => {
    expect(parseProcStat(text)).toEqual(stat);
  });

  test.each(['', 'garbage', '12 (x', '12 (x)', 'x (y) S 1 2'])('%j is not a stat line', (text) => {
    expect(parseProcStat(text)).toBeUndefined();
  });

  test.each([
    ['Z', true],
    ['X', true],
    ['S', false],
    ['R', false],
    ['D', false],
  ])('state %s is dead: %s', (state, dead) => {
    expect(isDead({pid: 1, comm: 'x', state, ppid: 0, pgrp: 1})).toBe(dead);
  });
});

describe('findDescendants', () => {
  const at = (pid: number, ppid: number) => ({pid, comm: 'x', state: 'S', ppid, pgrp: pid});
  const table = [at(1, 0), at(10, 1), at(11, 10), at(12, 11), at(13, 10), at(20, 1), at(21, 20)];
  test.each([
    [10, [11, 13, 12]],
    [11, [12]],
    [12, []],
    [20, [21]],
    [99, []],
  ])('below %d: %j', (pid, expected) => {
    expect(findDescendants(table, pid).map((stat) => stat.pid)).toEqual(expected);
  });
});
