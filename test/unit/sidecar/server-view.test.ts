import {describe, expect, test} from 'vitest';
import type {TcpSocket} from '../../../src/proc/net-tcp.ts';
import {compareServer, listenersOf, type ServerView} from '../../../src/sidecar/server-view.ts';

const socket = (localPort: number, state: TcpSocket['state'], inode: number): TcpSocket => ({
  localAddress: '0.0.0.0',
  localPort,
  remoteAddress: '0.0.0.0',
  remotePort: 0,
  state,
  inode,
});

const listening = (entries: [number, number[]][]): ServerView => ({
  kind: 'listeners',
  listeners: new Map(entries),
});

describe('listenersOf', () => {
  test('listening sockets by port, without graceful’s own port and without connections', () => {
    const table = [
      socket(80, 'LISTEN', 11),
      socket(80, 'LISTEN', 12),
      socket(8090, 'LISTEN', 13),
      socket(80, 'ESTABLISHED', 14),
      socket(27017, 'TIME_WAIT', 0),
    ];
    expect(listenersOf(table, new Set([8090]))).toEqual(new Map([[80, [11, 12]]]));
  });
});

describe('compareServer', () => {
  test.each<[string, ServerView, ServerView, string]>([
    ['same sockets', listening([[80, [1]]]), listening([[80, [1]]]), 'serving'],
    [
      'a new port beside the old one',
      listening([[80, [1]]]),
      listening([
        [80, [1]],
        [81, [5]],
      ]),
      'serving',
    ],
    ['the port has no listener', listening([[80, [1]]]), listening([]), 'stopped'],
    [
      'one of two ports has none',
      listening([
        [80, [1]],
        [443, [2]],
      ]),
      listening([[80, [1]]]),
      'stopped',
    ],
    [
      'new sockets on the same port: restarted between two looks',
      listening([[80, [1]]]),
      listening([[80, [7]]]),
      'restarted',
    ],
    [
      'IPv6 socket kept, IPv4 renewed: not a restart',
      listening([[80, [1, 2]]]),
      listening([[80, [2, 9]]]),
      'serving',
    ],
    [
      'another container’s port unchanged, the server’s renewed',
      listening([
        [15001, [3]],
        [80, [1]],
      ]),
      listening([
        [15001, [3]],
        [80, [8]],
      ]),
      'restarted',
    ],
    ['nothing listened at the baseline', listening([]), listening([]), 'serving'],
    ['--ready-tcp accepting', {kind: 'tcp', accepting: true}, {kind: 'tcp', accepting: true}, 'serving'],
    ['--ready-tcp refused', {kind: 'tcp', accepting: true}, {kind: 'tcp', accepting: false}, 'stopped'],
  ])('%s: %s', (_name, baseline, now, expected) => {
    expect(compareServer(baseline, now)).toBe(expected);
  });
});
