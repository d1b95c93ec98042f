import type {Phase} from '../supervisor/phases.ts';

// What happens to the sidecar: the kubelet's preStop call, its windows ending, SIGTERM.
export type SidecarEvent =
  | {type: 'prestop'}
  | {type: 'drainEnded'}
  | {type: 'shutdownSignal'}
  | {type: 'refuseEnded'};

// What the sidecar must do on a transition. `release` answers the held /prestop calls (the kubelet then
// stops the server); `refuse` releases them too and starts the refuse window.
export type SidecarAction = 'none' | 'drain' | 'release' | 'refuse' | 'exit';

// The sidecar's phase; `stopping` means the drain is over and the kubelet is stopping the server.
export interface SidecarState {
  phase: Exclude<Phase, 'starting'>;
  // SIGTERM came while draining (a cluster without native sidecars): refuse as soon as the drain ends.
  signalled: boolean;
}

// The sidecar starts serving its endpoints at once.
export const INITIAL_SIDECAR_STATE: SidecarState = {phase: 'running', signalled: false};

const to = (phase: SidecarState['phase'], action: SidecarAction, signalled = false) => ({
  state: {phase, signalled},
  action,
});

// The sidecar's phase machine: running → draining (first /prestop) → stopping → refusing (SIGTERM) → exited.
export const nextSidecarPhase = (
  state: SidecarState,
  event: SidecarEvent,
): {state: SidecarState; action: SidecarAction} => {
  const same = {state, action: 'none' as const};
  switch (state.phase) {
    case 'running':
      if (event.type === 'prestop') return to('draining', 'drain');
      if (event.type === 'shutdownSignal') return to('refusing', 'refuse');
      return same;
    case 'draining':
      if (event.type === 'drainEnded')
        return state.signalled ? to('refusing', 'refuse') : to('stopping', 'release');
      // The first SIGTERM waits for the drain; a second one means hurry.
      if (event.type === 'shutdownSignal')
        return state.signalled ? to('refusing', 'refuse') : to('draining', 'none', true);
      return same;
    case 'stopping':
      if (event.type === 'shutdownSignal') return to('refusing', 'refuse');
      return same;
    case 'refusing':
      if (event.type === 'refuseEnded' || event.type === 'shutdownSignal') return to('exited', 'exit');
      return same;
    case 'exited':
      return same;
  }
};
