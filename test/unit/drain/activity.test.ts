import {describe, expect, test} from 'vitest';
import {
  type Observation,
  quietDrainEndMs,
  startTracking,
  trackActivity,
} from '../../../src/drain/activity.ts';

const look = (passiveOpens: number, ownAccepted = 0): Observation => ({passiveOpens, ownAccepted});

// Runs observations through the tracker and returns the new connections counted at each.
const track = (observations: Observation[]): number[] => {
  const [first, ...rest] = observations;
  let tracker = startTracking(first ?? look(0));
  return rest.map((observation) => {
    const result = trackActivity(tracker, observation);
    tracker = result.tracker;
    return result.newConnections;
  });
};

describe('trackActivity with the PassiveOpens counter', () => {
  test.each<[string, Observation[], number[]]>([
    ['nothing happens', [look(10), look(10), look(10)], [0, 0]],
    ['connections accepted before tracking are not new', [look(500), look(500)], [0]],
    [
      'a client is counted one look after the counter moved',
      [look(10), look(11), look(11), look(11)],
      [0, 1, 0],
    ],
    ['several clients between two looks', [look(10), look(14), look(14)], [0, 4]],
    [
      'short health-server connections are explained by its own accept count',
      [look(10, 0), look(12, 2), look(12, 2)],
      [0, 0],
    ],
    [
      'an accept the health server reports late is not a client',
      [look(10, 0), look(11, 0), look(11, 1)],
      [0, 0],
    ],
    ['a client among health probes', [look(10, 0), look(13, 2), look(13, 2)], [0, 1]],
    [
      'an early health accept is not counted again once the counter catches up',
      [look(10, 0), look(10, 1), look(11, 1), look(11, 1)],
      [0, 0, 0],
    ],
  ])('%s', (_name, observations, expected) => {
    expect(track(observations)).toEqual(expected);
  });
});

describe('quietDrainEndMs', () => {
  test.each([
    // drain, drain-min, quiet, last new connection → end
    [30_000, 5_000, 2_000, 0, 5_000],
    [30_000, 0, 2_000, 0, 2_000],
    [30_000, 5_000, 2_000, 4_000, 6_000],
    [30_000, 5_000, 2_000, 29_000, 30_000],
    [30_000, 30_000, 2_000, 0, 30_000],
    [10_000, 0, 0, 0, 0],
  ])(
    'drain %d, drain-min %d, quiet %d, last arrival %d → ends at %d',
    (drainMs, drainMinMs, quietMs, lastActivityMs, endMs) => {
      expect(quietDrainEndMs({drainMs, drainMinMs, quietMs, lastActivityMs})).toBe(endMs);
    },
  );
});
