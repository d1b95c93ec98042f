import {describe, expect, test} from 'vitest';
import {createConnectionSlots} from '../../../src/health/connection-slots.ts';

const connection = (name: string, closed: string[]) => ({name, destroy: () => void closed.push(name)});

type Step = ['admit' | 'start' | 'end' | 'remove', string];

// Runs steps on slots of size `max`; returns which connections were closed, in order, and what is left.
const run = (max: number, steps: Step[]) => {
  const closed: string[] = [];
  const slots = createConnectionSlots<ReturnType<typeof connection>>(max);
  const known = new Map<string, ReturnType<typeof connection>>();
  const admitted: boolean[] = [];
  for (const [verb, name] of steps) {
    const item = known.get(name) ?? connection(name, closed);
    known.set(name, item);
    if (verb === 'admit') admitted.push(slots.admit(item));
    if (verb === 'start') slots.requestStarted(item);
    if (verb === 'end') slots.requestEnded(item);
    if (verb === 'remove') slots.remove(item);
  }

  return {closed, size: slots.size(), evicted: slots.evicted(), admitted};
};

describe('createConnectionSlots', () => {
  test.each<[string, number, Step[], string[], number]>([
    [
      'below the limit nothing is closed',
      3,
      [
        ['admit', 'a'],
        ['admit', 'b'],
      ],
      [],
      2,
    ],
    [
      'at the limit the oldest waiting connection makes room',
      2,
      [
        ['admit', 'a'],
        ['admit', 'b'],
        ['admit', 'c'],
      ],
      ['a'],
      2,
    ],
    [
      'a connection with a request in flight is never evicted',
      2,
      [
        ['admit', 'a'],
        ['start', 'a'],
        ['admit', 'b'],
        ['admit', 'c'],
      ],
      ['b'],
      2,
    ],
    [
      'an idle keep-alive connection waits from the end of its last response',
      2,
      [
        ['admit', 'a'],
        ['admit', 'b'],
        ['start', 'a'],
        ['end', 'a'],
        ['admit', 'c'],
      ],
      ['b'],
      2,
    ],
    [
      'every slot busy: the new connection is closed',
      2,
      [
        ['admit', 'a'],
        ['start', 'a'],
        ['admit', 'b'],
        ['start', 'b'],
        ['admit', 'c'],
      ],
      ['c'],
      2,
    ],
    [
      'pipelined requests: busy until the last one ends',
      1,
      [
        ['admit', 'a'],
        ['start', 'a'],
        ['start', 'a'],
        ['end', 'a'],
        ['admit', 'b'],
      ],
      ['b'],
      1,
    ],
    [
      'a closed connection frees its slot and is not revived by a late end',
      1,
      [
        ['admit', 'a'],
        ['start', 'a'],
        ['remove', 'a'],
        ['end', 'a'],
        ['admit', 'b'],
      ],
      [],
      1,
    ],
  ])('%s', (_name, max, steps, closed, size) => {
    const result = run(max, steps);
    expect(result.closed).toEqual(closed);
    expect(result.size).toBe(size);
  });

  test('counts evictions apart from refusals', () => {
    const result = run(1, [
      ['admit', 'a'],
      ['admit', 'b'],
      ['start', 'b'],
      ['admit', 'c'],
    ]);
    expect(result).toMatchObject({closed: ['a', 'c'], evicted: 1, admitted: [true, true, false]});
  });
});
