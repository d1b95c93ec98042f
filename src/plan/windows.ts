import {formatDuration} from '../config/duration.ts';

// The servers whose own stop behaviour graceful knows.
export type ServerKind = 'generic' | 'nginx' | 'mongos';
// Every server kind, for --server.
export const SERVER_KINDS: ServerKind[] = ['generic', 'nginx', 'mongos'];

// Where graceful runs: as the container's ENTRYPOINT, or as a native sidecar beside an untouched image.
export type PlanMode = 'wrapper' | 'sidecar';
// Every mode, for --mode.
export const PLAN_MODES: PlanMode[] = ['wrapper', 'sidecar'];

// What a server needs to stop cleanly, and which signal asks it to.
export interface ServerProfile {
  stopMs: number;
  stopSignal: NodeJS.Signals;
  command: string[];
  // Why it needs that long, for the plan's reasoning.
  stopReason: string;
}

// nginx waits for its requests without limit unless worker_shutdown_timeout is set; mongos quiesces
// for mongosShutdownTimeoutMillisForSignaledShutdown (15 s by default since 5.0).
export const SERVER_PROFILES: Record<ServerKind, ServerProfile> = {
  generic: {
    stopMs: 5_000,
    stopSignal: 'SIGTERM',
    command: ['/your/server'],
    stopReason: 'a generic server is assumed to stop within 5s (set --server-stop)',
  },
  nginx: {
    stopMs: 10_000,
    stopSignal: 'SIGQUIT',
    command: ['nginx', '-g', 'daemon off;'],
    stopReason: 'nginx finishes its requests on SIGQUIT; set worker_shutdown_timeout 10s to bound it',
  },
  mongos: {
    stopMs: 15_000,
    stopSignal: 'SIGTERM',
    command: ['mongos', '--config', '/etc/mongos.conf'],
    stopReason: 'mongos quiesces 15s on SIGTERM (mongosShutdownTimeoutMillisForSignaledShutdown)',
  },
};

// What the user knows about the cluster and the clients.
export interface PlanInput {
  dnsTtlMs: number;
  propagationMs: number;
  clientCacheMs: number;
  server: ServerKind;
  // The server's own stop time; undefined: the profile's.
  serverStopMs: number | undefined;
  mode: PlanMode;
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
  const drainMs = input.propagationMs + input.dnsTtlMs;
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
      reason: `DNS may hand out the old IP for --propagation ${f(input.propagationMs)} + --dns-ttl ${f(input.dnsTtlMs)} after SIGTERM: keep serving that long`,
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
