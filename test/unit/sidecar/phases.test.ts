import {describe, expect, test} from 'vitest';
import {
  INITIAL_SIDECAR_STATE,
  nextSidecarPhase,
  type SidecarEvent,
  type SidecarState,
} from '../../../src/sidecar/phases.ts';

const run = (events: SidecarEvent['type'][]): string[] => {
  let state: SidecarState = INITIAL_SIDECAR_STATE;
  return events.map((type) => {
    const next = nextSidecarPhase(state, {type} as SidecarEvent);
    state = next.state;
    return `${state.phase}${state.signalled ? '*' : ''}:${next.action}`;
  });
};

describe('nextSidecarPhase', () => {
  test.each<[string, SidecarEvent['type'][], string[]]>([
    [
      "the kubelet's order with native sidecars",
      ['prestop', 'drainEnded', 'shutdownSignal', 'refuseEnded'],
      ['draining:drain', 'stopping:release', 'refusing:refuse', 'exited:exit'],
    ],
    [
      'later /prestop calls join the drain',
      ['prestop', 'prestop', 'prestop', 'drainEnded', 'prestop'],
      ['draining:drain', 'draining:none', 'draining:none', 'stopping:release', 'stopping:none'],
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
      'stray window events change nothing',
      ['drainEnded', 'refuseEnded', 'prestop', 'refuseEnded'],
      ['running:none', 'running:none', 'draining:drain', 'draining:none'],
    ],
    [
      'nothing leaves exited',
      ['shutdownSignal', 'refuseEnded', 'prestop', 'shutdownSignal'],
      ['refusing:refuse', 'exited:exit', 'exited:none', 'exited:none'],
    ],
  ])('%s', (_name, events, expected) => {
    expect(run(events)).toEqual(expected);
  });
});
