import type {DrainReadiness} from './options.ts';

/*
What the health endpoints make of a mode's phase: `starting` before the server runs, `ready` while it serves,
`draining` while it still serves but clients are moving on, `stopped` once it is told to stop (or may be stopping)
and after. /livez answers 200 in every one (graceful lives); each mode maps its phases onto these.
*/
export type ProbeState = 'starting' | 'ready' | 'draining' | 'stopped';

// Whether /readyz may answer 200: while ready, and with `--drain-readiness ready` while draining too (the server
// still serves then). A server told to stop is never ready.
export const isReadyState = (state: ProbeState, drainReadiness: DrainReadiness): boolean =>
  state === 'ready' || (state === 'draining' && drainReadiness === 'ready');
