import {describe, expect, test} from 'vitest';
import type {ProbeState} from '../../../src/health/readiness.ts';
import type {ReportMoment} from '../../../src/report/observer.ts';
import {
  type Action,
  INITIAL_STATE,
  nextPhase,
  PHASES,
  type Phase,
  type PhaseEvent,
  type PhaseState,
  probeStateOf,
  reportMomentOf,
} from '../../../src/supervisor/phases.ts';

const at = (phase: Phase, hurried = false): PhaseState => ({phase, hurried});
const shutdown: PhaseEvent = {type: 'shutdownSignal'};
const exited: PhaseEvent = {type: 'childExited'};
const elapsed = (phase: Phase): PhaseEvent => ({type: 'windowElapsed', phase});

describe('nextPhase', () => {
  test.each<[PhaseState, PhaseEvent, Phase, Action, boolean?]>([
    [INITIAL_STATE, {type: 'spawned'}, 'running', 'run'],
    [at('running'), {type: 'fatalSignal'}, 'exited', 'abort', true],
    [at('draining'), {type: 'fatalSignal'}, 'exited', 'abort', true],
    [at('refusing'), {type: 'fatalSignal'}, 'exited', 'abort', true],
    [at('exited'), {type: 'fatalSignal'}, 'exited', 'none'],
    [INITIAL_STATE, {type: 'spawnFailed'}, 'exited', 'exit'],
    [INITIAL_STATE, shutdown, 'draining', 'drain'],
    [at('running'), exited, 'exited', 'exit'],
    [at('running'), shutdown, 'draining', 'drain'],
    [at('running'), elapsed('running'), 'running', 'none'],
    [at('draining'), elapsed('draining'), 'stopping', 'stop'],
    [at('draining'), shutdown, 'stopping', 'stop'],
    [at('draining'), exited, 'refusing', 'refuse'],
    [at('draining'), elapsed('refusing'), 'draining', 'none'],
    [at('stopping'), exited, 'refusing', 'refuse'],
    [at('stopping'), elapsed('stopping'), 'stopping', 'kill'],
    [at('stopping'), elapsed('draining'), 'stopping', 'none'],
    [at('stopping'), shutdown, 'stopping', 'kill', true],
    [at('stopping', true), exited, 'exited', 'exit'],
    [at('stopping', true), shutdown, 'exited', 'exit'],
    [at('refusing'), elapsed('refusing'), 'exited', 'exit'],
    [at('refusing'), shutdown, 'exited', 'exit'],
    [at('refusing'), exited, 'refusing', 'none'],
    [at('refusing'), elapsed('stopping'), 'refusing', 'none'],
    [at('exited'), shutdown, 'exited', 'none'],
    [at('exited'), exited, 'exited', 'none'],
  ])('%j + %j → %s (%s)', (state, event, phase, action, hurried = false) => {
    expect(nextPhase(state, event)).toEqual({state: {phase, hurried}, action});
  });

  test('three shutdown signals end it promptly: drain, stop, kill, then exit without a refuse window', () => {
    const actions: Action[] = [];
    let state = nextPhase(INITIAL_STATE, {type: 'spawned'}).state;
    for (const event of [shutdown, shutdown, shutdown, exited]) {
      const transition = nextPhase(state, event);
      state = transition.state;
      actions.push(transition.action);
    }

    expect(actions).toEqual(['drain', 'stop', 'kill', 'exit']);
    expect(state.phase).toBe('exited');
  });

  test('left alone, a shutdown walks every window in order', () => {
    const phases: Phase[] = [];
    let state = nextPhase(INITIAL_STATE, {type: 'spawned'}).state;
    for (const event of [shutdown, elapsed('draining'), exited, elapsed('refusing')]) {
      state = nextPhase(state, event).state;
      phases.push(state.phase);
    }

    expect(phases).toEqual(['draining', 'stopping', 'refusing', 'exited']);
  });
});

// Every phase, in order: what the health endpoints and the shutdown report make of it.
const MEANINGS: [Phase, ProbeState, ReportMoment][] = [
  ['starting', 'starting', 'before'],
  ['running', 'ready', 'before'],
  ['draining', 'draining', 'drain'],
  ['stopping', 'stopped', 'stop'],
  ['refusing', 'stopped', 'refuse'],
  ['exited', 'stopped', 'exit'],
];

describe('what the phases mean to the health endpoints and the report', () => {
  test('the table lists every phase, in order', () => {
    expect(MEANINGS.map(([phase]) => phase)).toEqual([...PHASES]);
  });

  test.each(MEANINGS)('%s: probes see %s, the report %s', (phase, probe, moment) => {
    expect(probeStateOf(phase)).toBe(probe);
    expect(reportMomentOf(phase)).toBe(moment);
  });
});
