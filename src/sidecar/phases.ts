import type {ProbeState} from '../health/readiness.ts';
import type {ReportMoment} from '../report/observer.ts';
import type {ServerChange} from './server-view.ts';

// What happens to the sidecar: the kubelet's preStop call, its windows ending, what it sees of the server
// after the drain, SIGTERM.
export type SidecarEvent =
  | {type: 'prestop'}
  | {type: 'drainEnded'}
  | {type: 'server'; change: ServerChange}
  // --stop-wait after the drain ended.
  | {type: 'stopWaitEnded'}
  | {type: 'shutdownSignal'}
  | {type: 'refuseEnded'};

// What the sidecar must do on a transition. `release` answers the held /prestop calls (the kubelet then
// stops the server) and starts watching the server; `serverStopped` only logs; `resume` makes it ready again
// (the server restarted, or never stopped: then the watch goes on); `stoppedLate` makes it unready again (a
// server that stopped after --stop-wait after all); `unwatch` ends the watch; `refuse` releases held calls
// too and starts the refuse window.
export type SidecarAction =
  | 'none'
  | 'drain'
  | 'release'
  | 'serverStopped'
  | 'resume'
  | 'stoppedLate'
  | 'unwatch'
  | 'refuse'
  | 'exit';

// The sidecar's phases; `stopping` means the drain is over and the kubelet may be stopping the server.
export const SIDECAR_PHASES = ['running', 'draining', 'stopping', 'refusing', 'exited'] as const;
export type SidecarPhase = (typeof SIDECAR_PHASES)[number];

export interface SidecarState {
  phase: SidecarPhase;
  // SIGTERM came while draining (a cluster without native sidecars): refuse as soon as the drain ends.
  signalled: boolean;
  // While stopping: the server was seen stopped since the drain ended.
  serverStopped: boolean;
  // While running: ready again after --stop-wait, still watching in case the server stops after all.
  watching: boolean;
}

// The sidecar starts serving its endpoints at once.
export const INITIAL_SIDECAR_STATE: SidecarState = {
  phase: 'running',
  signalled: false,
  serverStopped: false,
  watching: false,
};

const to = (
  phase: SidecarState['phase'],
  action: SidecarAction,
  {signalled = false, serverStopped = false, watching = false} = {},
): {state: SidecarState; action: SidecarAction} => ({
  state: {phase, signalled, serverStopped, watching},
  action,
});

// After the drain: a server that stopped and serves again, or that has new listening sockets (restarted
// between two looks), means the kubelet restarted the container; one that never stopped within --stop-wait
// means nobody acted on the /prestop. Either way the pod may be ready again.
const whileStopping = (state: SidecarState, event: SidecarEvent) => {
  switch (event.type) {
    case 'server':
      if (event.change === 'restarted') return to('running', 'resume');
      if (event.change === 'stopped') {
        return state.serverStopped ? null : to('stopping', 'serverStopped', {serverStopped: true});
      }

      return state.serverStopped ? to('running', 'resume') : null;
    case 'stopWaitEnded':
      return state.serverStopped ? null : to('running', 'resume', {watching: true});
    case 'shutdownSignal':
      return to('refusing', 'refuse');
    // The server still serves, so this is a new preStop (the pod deleted after a stray one): drain again, in full.
    case 'prestop':
      return state.serverStopped ? null : to('draining', 'drain');
    default:
      return null;
  }
};

// The sidecar's phase machine: running → draining (first /prestop) → stopping → running again (container
// restart, stray /prestop) or refusing (SIGTERM) → exited.
export const nextSidecarPhase = (
  state: SidecarState,
  event: SidecarEvent,
): {state: SidecarState; action: SidecarAction} => {
  const same = {state, action: 'none' as const};
  switch (state.phase) {
    case 'running':
      if (event.type === 'prestop') return to('draining', 'drain');
      if (event.type === 'shutdownSignal') return to('refusing', 'refuse');
      // Ready again after --stop-wait: a server that stops now was only slow to close its ports.
      if (event.type === 'server' && state.watching) {
        if (event.change === 'stopped') return to('stopping', 'stoppedLate', {serverStopped: true});
        if (event.change === 'restarted') return to('running', 'unwatch');
      }

      return same;
    case 'draining':
      if (event.type === 'drainEnded')
        return state.signalled ? to('refusing', 'refuse') : to('stopping', 'release');
      // The first SIGTERM waits for the drain; a second one means hurry.
      if (event.type === 'shutdownSignal')
        return state.signalled ? to('refusing', 'refuse') : to('draining', 'none', {signalled: true});
      return same;
    case 'stopping':
      return whileStopping(state, event) ?? same;
    case 'refusing':
      if (event.type === 'refuseEnded' || event.type === 'shutdownSignal') return to('exited', 'exit');
      return same;
    case 'exited':
      return same;
  }
};

// What each phase means to the health endpoints: from `stopping` on the server is told to stop, or was seen
// stopped, so the pod is not ready; `running` again after a restart or a stray /prestop is ready again.
const PROBE_STATES: Record<SidecarPhase, ProbeState> = {
  running: 'ready',
  draining: 'draining',
  stopping: 'stopped',
  refusing: 'stopped',
  exited: 'stopped',
};

// The health endpoints' state in `phase`.
export const sidecarProbeStateOf = (phase: SidecarPhase): ProbeState => PROBE_STATES[phase];

// What each phase is to the shutdown report: `stopping` begins when /prestop is answered and the kubelet sends
// the server its stop signal (or, after --stop-wait, when the server was seen stopping late); `running` again
// means the server serves again, and the next shutdown is judged on its own.
const REPORT_MOMENTS: Record<SidecarPhase, ReportMoment> = {
  running: 'before',
  draining: 'drain',
  stopping: 'stop',
  refusing: 'refuse',
  exited: 'exit',
};

// The shutdown report's moment when `phase` begins.
export const sidecarReportMomentOf = (phase: SidecarPhase): ReportMoment => REPORT_MOMENTS[phase];
