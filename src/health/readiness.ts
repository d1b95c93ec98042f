import type {DrainReadiness} from '../config/health-options.ts';
import type {Phase} from '../supervisor/phases.ts';

// Whether /readyz may answer 200 in this phase: while running, and with `ready` while draining too (the
// server still serves then). From `stopping` on the server is going away, so never.
export const isReadyPhase = (phase: Phase, drainReadiness: DrainReadiness): boolean =>
  phase === 'running' || (phase === 'draining' && drainReadiness === 'ready');
