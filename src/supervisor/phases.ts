import type {ProbeState} from '../health/readiness.ts';
import type {ReportMoment} from '../report/observer.ts';

// The supervisor's life, in order. Only `nextPhase` moves between them.
export const PHASES = ['starting', 'running', 'draining', 'stopping', 'refusing', 'exited'] as const;
export type Phase = (typeof PHASES)[number];

export type PhaseEvent =
  | {type: 'spawned'}
  | {type: 'spawnFailed'}
  | {type: 'shutdownSignal'}
  | {type: 'windowElapsed'; phase: Phase}
  | {type: 'childExited'}
  // A fault signal (SIGSEGV, SIGABRT, ...) sent with kill(2): graceful ends, the child's group first.
  | {type: 'fatalSignal'};

// What the supervisor must do on a transition; `none` means the event changed nothing.
export type Action = 'none' | 'run' | 'drain' | 'stop' | 'kill' | 'refuse' | 'exit' | 'abort';

export interface PhaseState {
  phase: Phase;
  // A shutdown signal forced the SIGKILL: the user is in a hurry, so skip the refuse window.
  hurried: boolean;
}

export interface Transition {
  state: PhaseState;
  action: Action;
}

export const INITIAL_STATE: PhaseState = {phase: 'starting', hurried: false};

const to = (phase: Phase, action: Action, hurried = false): Transition => ({state: {phase, hurried}, action});

// The phase machine: each shutdown signal moves on one step (drain → stop → kill → exit).
export const nextPhase = (state: PhaseState, event: PhaseEvent): Transition => {
  const same: Transition = {state, action: 'none'};
  if (event.type === 'windowElapsed' && event.phase !== state.phase) {
    return same;
  }

  if (event.type === 'fatalSignal') {
    return state.phase === 'exited' ? same : to('exited', 'abort', true);
  }

  switch (state.phase) {
    case 'starting':
      if (event.type === 'spawned') return to('running', 'run');
      if (event.type === 'spawnFailed') return to('exited', 'exit');
      if (event.type === 'shutdownSignal') return to('draining', 'drain');
      if (event.type === 'childExited') return to('exited', 'exit');
      return same;
    case 'running':
      if (event.type === 'shutdownSignal') return to('draining', 'drain');
      if (event.type === 'childExited') return to('exited', 'exit');
      return same;
    case 'draining':
      if (event.type === 'shutdownSignal' || event.type === 'windowElapsed') return to('stopping', 'stop');
      if (event.type === 'childExited') return to('refusing', 'refuse');
      return same;
    case 'stopping':
      if (event.type === 'windowElapsed') return to('stopping', 'kill', state.hurried);
      if (event.type === 'shutdownSignal')
        return state.hurried ? to('exited', 'exit') : to('stopping', 'kill', true);
      if (event.type === 'childExited')
        return state.hurried ? to('exited', 'exit') : to('refusing', 'refuse');
      return same;
    case 'refusing':
      if (event.type === 'windowElapsed' || event.type === 'shutdownSignal') return to('exited', 'exit');
      return same;
    case 'exited':
      return same;
  }
};

// What each phase means to the health endpoints: the child serves from `running` on, until it is told to stop.
const PROBE_STATES: Record<Phase, ProbeState> = {
  starting: 'starting',
  running: 'ready',
  draining: 'draining',
  stopping: 'stopped',
  refusing: 'stopped',
  exited: 'stopped',
};

// The health endpoints' state in `phase`.
export const probeStateOf = (phase: Phase): ProbeState => PROBE_STATES[phase];

// What each phase is to the shutdown report: `stopping` begins with the stop signal.
const REPORT_MOMENTS: Record<Phase, ReportMoment> = {
  starting: 'before',
  running: 'before',
  draining: 'drain',
  stopping: 'stop',
  refusing: 'refuse',
  exited: 'exit',
};

// The shutdown report's moment when `phase` begins.
export const reportMomentOf = (phase: Phase): ReportMoment => REPORT_MOMENTS[phase];
