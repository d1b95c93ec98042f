import type {DrainReadiness} from '../config/health-options.ts';

/*
What the health endpoints report, in their own terms: `running` serves, `draining` still serves while clients move
on, from `stopping` on the server is going away. The wrapper's and the sidecar's phases map onto these names.
*/
export type HealthPhase = 'starting' | 'running' | 'draining' | 'stopping' | 'refusing' | 'exited';

// Whether /readyz may answer 200 in this phase: while running, and with `ready` while draining too (the
// server still serves then). From `stopping` on the server is going away, so never.
export const isReadyPhase = (phase: HealthPhase, drainReadiness: DrainReadiness): boolean =>
  phase === 'running' || (phase === 'draining' && drainReadiness === 'ready');
