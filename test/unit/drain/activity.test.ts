import {describe, expect, test} from 'vitest';
import {
  type Observation,
  quietDrainEndMs,
  startTracking,
  trackActivity,
} from '../../../src/drain/activity.ts';
import type {TcpSocket, TcpState} from '../../../src/proc/net-tcp.ts';

const socket = (localPort: number, remotePort: number, state: TcpState = 'ESTABLISHED'): TcpSocket => ({
  localAddress: '10.0.0.5',
  localPort,
  remoteAddress: state === 'LISTEN' ? '0.0.0.0' : '10.0.0.9',
  remotePort,
  state,
  inode: 1,
});

// The server listens on 80, graceful's health endpoints on 8090.
const LISTENERS = [socket(80, 0, 'LISTEN'), socket(8090, 0, 'LISTEN')];
const OWN = new Set([8090]);

const look = (
  sockets: TcpSocket[],
  passiveOpens: number | undefined = undefined,
  ownAccepted = 0,
): Observation => ({
  sockets: [...LISTENERS, ...sockets],
  passiveOpens,
  ownAccepted,
});

// Runs observations through the tracker and returns the new connections counted at each.
const track = (observations: Observation[]): number[] => {
  const [first, ...rest] = observations;
  let tracker = startTracking(first ?? look([]));
  return rest.map((observation) => {
    const result = trackActivity(tracker, observation, OWN);
    tracker = result.tracker;
    return result.newConnections;
  });
};

describe('trackActivity from the socket table', () => {
  test.each<[string, Observation[], number[]]>([
    ['nothing happens', [look([]), look([]), look([])], [0, 0]],
    [
      'connections present at the start are not new',
      [look([socket(80, 5000)]), look([socket(80, 5000)])],
      [0],
    ],
    [
      'a new client on the served port',
      [look([]), look([socket(80, 5000)]), look([socket(80, 5000)])],
      [1, 0],
    ],
    [
      'half-open (SYN_RECV) counts, once',
      [look([]), look([socket(80, 5000, 'SYN_RECV')]), look([socket(80, 5000)])],
      [1, 0],
    ],
    [
      'a closed connection lingering in TIME_WAIT counts once',
      [look([]), look([socket(80, 5000, 'TIME_WAIT')]), look([socket(80, 5000, 'TIME_WAIT')])],
      [1, 0],
    ],
    ['two clients at once', [look([]), look([socket(80, 5000), socket(80, 5001)])], [2]],
    [
      'health probes on graceful’s own port do not count',
      [look([]), look([socket(8090, 5000)]), look([socket(8090, 5001)])],
      [0, 0],
    ],
    ['outbound connections of the server do not count', [look([]), look([socket(40000, 27017)])], [0]],
    [
      'a 4-tuple that went away and came back counts again',
      [look([socket(80, 5000)]), look([]), look([socket(80, 5000)])],
      [0, 1],
    ],
  ])('%s', (_name, observations, expected) => {
    expect(track(observations)).toEqual(expected);
  });
});

describe('trackActivity with the PassiveOpens counter', () => {
  test.each<[string, Observation[], number[]]>([
    [
      'a connection too short for the table is counted one look later',
      [look([], 10), look([], 11), look([], 11), look([], 11)],
      [0, 1, 0],
    ],
    [
      'a connection the table saw is not counted twice',
      [look([], 10), look([socket(80, 5000)], 11), look([socket(80, 5000)], 11)],
      [1, 0],
    ],
    [
      'the table may see it before the counter does',
      [look([], 10), look([socket(80, 5000)], 10), look([socket(80, 5000)], 11), look([], 11)],
      [1, 0, 0],
    ],
    [
      'short health-server connections are explained by its own accept count',
      [look([], 10, 0), look([], 12, 2), look([], 12, 2)],
      [0, 0],
    ],
    [
      'health connections seen in the table and accepted count once',
      [look([], 10, 0), look([socket(8090, 1)], 11, 1), look([], 11, 1)],
      [0, 0],
    ],
    [
      'an accept the health server reports late is not a client',
      [look([], 10, 0), look([], 11, 0), look([], 11, 1)],
      [0, 0],
    ],
    ['a missed client among health probes', [look([], 10, 0), look([], 13, 2), look([], 13, 2)], [0, 1]],
    [
      'no counter (no /proc/net/snmp): only the table counts',
      [look([]), look([socket(80, 5000)]), look([])],
      [1, 0],
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
