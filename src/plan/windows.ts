import {formatDuration} from '../config/duration.ts';
import type {DrainReadiness} from '../health/options.ts';
import {LOAD_BALANCER_DRAIN, type LoadBalancer, type Mesh} from '../kubernetes/facts.ts';
import {SERVER_PROFILES, type ServerKind, type ServerProfile} from './servers.ts';

export {SERVER_KINDS, SERVER_PROFILES, type ServerKind, type ServerProfile} from './servers.ts';

// Where graceful runs: as the container's ENTRYPOINT, or as a native sidecar beside an untouched image.
export type PlanMode = 'wrapper' | 'sidecar';
// Every mode, for --mode.
export const PLAN_MODES: PlanMode[] = ['wrapper', 'sidecar'];

// What the user knows about the cluster and the clients.
export interface PlanInput {
  dnsTtlMs: number;
  propagationMs: number;
  clientCacheMs: number;
  server: ServerKind;
  // The server's own stop time; undefined: the profile's.
  serverStopMs: number | undefined;
  mode: PlanMode;
  // The mesh whose proxy must outlive the drain; undefined: none.
  mesh?: Mesh | undefined;
  // The load balancers in front of the pods; the drain covers the slowest.
  loadBalancers?: LoadBalancer[] | undefined;
  // What /readyz answers during the drain (`--drain-readiness` of graceful).
  drainReadiness?: DrainReadiness | undefined;
}

// One recommended value and the line of reasoning behind it.
export interface PlannedWindow {
  ms: number;
  reason: string;
}

// The recommended windows and terminationGracePeriodSeconds.
export interface Plan {
  input: PlanInput;
  profile: ServerProfile;
  drain: PlannedWindow;
  stopTimeout: PlannedWindow;
  refuse: PlannedWindow;
  gracePeriodSeconds: number;
  gracePeriodReason: string;
}

// Slack on top of the server's own stop time before graceful (or the kubelet) kills it.
export const STOP_MARGIN_MS = 5_000;
// Even without a client-side cache, refuse long enough for in-flight SYNs and retries to get an RST.
export const MIN_REFUSE_MS = 5_000;
// The grace period gets 10 % on top of the windows, at least 5 s, rounded up to 5 s.
const GRACE_MARGIN_RATIO = 0.1;
const MIN_GRACE_MARGIN_MS = 5_000;
const GRACE_STEP_S = 5;

// Computes drain, stop-timeout, refuse and the grace period from DNS, client and server facts.
export const planWindows = (input: PlanInput): Plan => {
  const profile = SERVER_PROFILES[input.server];
  const serverStopMs = input.serverStopMs ?? profile.stopMs;
  const dnsDrainMs = input.propagationMs + input.dnsTtlMs;
  const slowest = (input.loadBalancers ?? [])
    .map((lb) => ({lb, ...LOAD_BALANCER_DRAIN[lb]}))
    .sort((a, b) => b.ms - a.ms)[0];
  const drainMs = Math.max(dnsDrainMs, slowest?.ms ?? 0);
  const stopTimeoutMs = serverStopMs + STOP_MARGIN_MS;
  const refuseMs = Math.max(input.clientCacheMs, MIN_REFUSE_MS);
  const totalMs = drainMs + stopTimeoutMs + refuseMs;
  const marginMs = Math.max(MIN_GRACE_MARGIN_MS, Math.ceil(totalMs * GRACE_MARGIN_RATIO));
  const gracePeriodSeconds = Math.ceil((totalMs + marginMs) / 1_000 / GRACE_STEP_S) * GRACE_STEP_S;
  const f = formatDuration;
  const stopReason =
    input.serverStopMs === undefined
      ? profile.stopReason
      : `the server needs ${f(serverStopMs)} to stop (--server-stop)`;
  return {
    input,
    profile,
    drain: {
      ms: drainMs,
      reason:
        slowest !== undefined && slowest.ms > dnsDrainMs
          ? `--lb ${slowest.lb}: ${slowest.source}: keep serving that long`
          : `DNS may hand out the old IP for --propagation ${f(input.propagationMs)} + --dns-ttl ${f(input.dnsTtlMs)} after SIGTERM: keep serving that long`,
    },
    stopTimeout: {
      ms: stopTimeoutMs,
      reason: `${stopReason}, + ${f(STOP_MARGIN_MS)} margin before SIGKILL${input.mode === 'sidecar' ? ' (the kubelet stops the server; it gets the rest of the grace period)' : ''}`,
    },
    refuse: {
      ms: refuseMs,
      reason:
        input.clientCacheMs >= MIN_REFUSE_MS
          ? `clients keep the IP --client-cache ${f(input.clientCacheMs)} after their last lookup: answer them with an instant RST that long`
          : `no client-side cache: ${f(MIN_REFUSE_MS)} of instant RSTs for connections already on their way`,
    },
    gracePeriodSeconds,
    gracePeriodReason: `drain + stop-timeout + refuse = ${f(totalMs)}, + ${f(marginMs)} margin, rounded up to ${GRACE_STEP_S}s`,
  };
};
