import {describe, expect, test} from 'vitest';
import type {ProbeState} from '../../../src/health/readiness.ts';
import type {ReportMoment} from '../../../src/report/observer.ts';
import {
  INITIAL_SIDECAR_STATE,
  nextSidecarPhase,
  SIDECAR_PHASES,
  type SidecarEvent,
  type SidecarPhase,
  type SidecarState,
  sidecarProbeStateOf,
  sidecarReportMomentOf,
} from '../../../src/sidecar/phases.ts';

// Events by short name: `stopped`, `serving` and `restarted` are what the watch saw after the drain.
type Name = Exclude<SidecarEvent['type'], 'server'> | 'stopped' | 'serving' | 'restarted';

const event = (name: Name): SidecarEvent =>
  name === 'stopped' || name === 'serving' || name === 'restarted'
    ? {type: 'server', change: name}
    : {type: name};

const run = (names: Name[]): string[] => {
  let state: SidecarState = INITIAL_SIDECAR_STATE;
  return names.map((name) => {
    const next = nextSidecarPhase(state, event(name));
    state = next.state;
    const marks = `${state.signalled ? '*' : ''}${state.serverStopped ? '!' : ''}${state.watching ? '?' : ''}`;
    return `${state.phase}${marks}:${next.action}`;
  });
};

describe('nextSidecarPhase', () => {
  test.each<[string, Name[], string[]]>([
    [
      "the kubelet's order with native sidecars",
      ['prestop', 'drainEnded', 'stopped', 'shutdownSignal', 'refuseEnded'],
      ['draining:drain', 'stopping:release', 'stopping!:serverStopped', 'refusing:refuse', 'exited:exit'],
    ],
    [
      'later /prestop calls join the drain; one after it, while the server still serves, drains again in full',
      ['prestop', 'prestop', 'prestop', 'drainEnded', 'prestop'],
      ['draining:drain', 'draining:none', 'draining:none', 'stopping:release', 'draining:drain'],
    ],
    [
      'a /prestop once the server has stopped has nothing to drain',
      ['prestop', 'drainEnded', 'stopped', 'prestop'],
      ['draining:drain', 'stopping:release', 'stopping!:serverStopped', 'stopping!:none'],
    ],
    [
      'container restart: stopped, then serving again, then the next /prestop drains again',
      ['prestop', 'drainEnded', 'stopped', 'stopped', 'serving', 'prestop'],
      [
        'draining:drain',
        'stopping:release',
        'stopping!:serverStopped',
        'stopping!:none',
        'running:resume',
        'draining:drain',
      ],
    ],
    [
      'container restart seen only as new sockets',
      ['prestop', 'drainEnded', 'serving', 'restarted'],
      ['draining:drain', 'stopping:release', 'stopping:none', 'running:resume'],
    ],
    [
      'stray /prestop: the server never stopped within --stop-wait; ready again, still watching',
      ['prestop', 'drainEnded', 'serving', 'stopWaitEnded', 'serving'],
      ['draining:drain', 'stopping:release', 'stopping:none', 'running?:resume', 'running?:none'],
    ],
    [
      'a server that closed its ports only after --stop-wait: unready again until it serves again',
      ['prestop', 'drainEnded', 'stopWaitEnded', 'stopped', 'stopped', 'serving'],
      [
        'draining:drain',
        'stopping:release',
        'running?:resume',
        'stopping!:stoppedLate',
        'stopping!:none',
        'running:resume',
      ],
    ],
    [
      'ready again after --stop-wait, then a restart seen as new sockets: the watch ends',
      ['prestop', 'drainEnded', 'stopWaitEnded', 'restarted', 'stopped'],
      ['draining:drain', 'stopping:release', 'running?:resume', 'running:unwatch', 'running:none'],
    ],
    [
      'a /prestop while still watching drains again',
      ['prestop', 'drainEnded', 'stopWaitEnded', 'prestop', 'stopped'],
      ['draining:drain', 'stopping:release', 'running?:resume', 'draining:drain', 'draining:none'],
    ],
    [
      'a server that stopped is not ready when --stop-wait ends, only once it serves again',
      ['prestop', 'drainEnded', 'stopped', 'stopWaitEnded', 'serving'],
      ['draining:drain', 'stopping:release', 'stopping!:serverStopped', 'stopping!:none', 'running:resume'],
    ],
    [
      'SIGTERM after a restart still leads to the refuse window',
      ['prestop', 'drainEnded', 'restarted', 'shutdownSignal', 'refuseEnded'],
      ['draining:drain', 'stopping:release', 'running:resume', 'refusing:refuse', 'exited:exit'],
    ],
    [
      'SIGTERM while the server is stopped: refuse',
      ['prestop', 'drainEnded', 'stopped', 'shutdownSignal'],
      ['draining:drain', 'stopping:release', 'stopping!:serverStopped', 'refusing:refuse'],
    ],
    [
      'watch results outside the stopping phase change nothing',
      ['stopped', 'restarted', 'stopWaitEnded', 'prestop', 'stopped', 'serving'],
      ['running:none', 'running:none', 'running:none', 'draining:drain', 'draining:none', 'draining:none'],
    ],
    [
      'SIGTERM during the drain (no native sidecars): drain ends, then refuse',
      ['prestop', 'shutdownSignal', 'prestop', 'drainEnded', 'refuseEnded'],
      ['draining:drain', 'draining*:none', 'draining*:none', 'refusing:refuse', 'exited:exit'],
    ],
    [
      'a second SIGTERM during the drain hurries to refusing',
      ['prestop', 'shutdownSignal', 'shutdownSignal', 'drainEnded'],
      ['draining:drain', 'draining*:none', 'refusing:refuse', 'refusing:none'],
    ],
    [
      'SIGTERM without any preStop: refuse at once',
      ['shutdownSignal', 'prestop', 'refuseEnded'],
      ['refusing:refuse', 'refusing:none', 'exited:exit'],
    ],
    [
      'SIGTERM while refusing exits at once',
      ['shutdownSignal', 'shutdownSignal'],
      ['refusing:refuse', 'exited:exit'],
    ],
    [
      'watch results while refusing change nothing',
      ['shutdownSignal', 'serving', 'restarted', 'stopWaitEnded'],
      ['refusing:refuse', 'refusing:none', 'refusing:none', 'refusing:none'],
    ],
    [
      'stray window events change nothing',
      ['drainEnded', 'refuseEnded', 'prestop', 'refuseEnded'],
      ['running:none', 'running:none', 'draining:drain', 'draining:none'],
    ],
    [
      'nothing leaves exited',
      ['shutdownSignal', 'refuseEnded', 'prestop', 'shutdownSignal', 'restarted'],
      ['refusing:refuse', 'exited:exit', 'exited:none', 'exited:none', 'exited:none'],
    ],
  ])('%s', (_name, names, expected) => {
    expect(run(names)).toEqual(expected);
  });
});

// Every phase, in order: what the health endpoints and the shutdown report make of it.
const MEANINGS: [SidecarPhase, ProbeState, ReportMoment][] = [
  ['running', 'ready', 'before'],
  ['draining', 'draining', 'drain'],
  // The drain is over: /prestop is answered and the kubelet stops the server.
  ['stopping', 'stopped', 'stop'],
  ['refusing', 'stopped', 'refuse'],
  ['exited', 'stopped', 'exit'],
];

describe('what the sidecar phases mean to the health endpoints and the report', () => {
  test('the table lists every phase, in order', () => {
    expect(MEANINGS.map(([phase]) => phase)).toEqual([...SIDECAR_PHASES]);
  });

  test.each(MEANINGS)('%s: probes see %s, the report %s', (phase, probe, moment) => {
    expect(sidecarProbeStateOf(phase)).toBe(probe);
    expect(sidecarReportMomentOf(phase)).toBe(moment);
  });
});
