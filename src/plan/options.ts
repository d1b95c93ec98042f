import {normalizeDuration} from '../config/duration.ts';
import {
  DEFAULT_DRAIN_READINESS,
  DRAIN_READINESS_VALUES,
  type DrainReadiness,
} from '../config/health-options.ts';
import {refuseValueless} from '../config/normalize.ts';
import {normalizePort} from '../config/port.ts';
import {UsageError} from '../errors.ts';
import {LOAD_BALANCERS, type LoadBalancer, MESHES, type Mesh} from './facts.ts';
import {PLAN_MODES, type PlanInput, type PlanMode, SERVER_KINDS, type ServerKind} from './windows.ts';

// What the user may give for `graceful plan`, from flags or GRACEFUL_* variables.
export interface PlanOptionsInput {
  dnsTtl?: string | number;
  propagation?: string | number;
  clientCache?: string | number;
  server?: string;
  serverStop?: string | number;
  mode?: string;
  healthPort?: string | number;
  mesh?: string;
  lb?: string | string[];
  drainReadiness?: string;
}

// The defaults of `graceful plan`, which its option specs (src/commands/plan.ts) write in --help and the README.
// kubeadm's CoreDNS sets `ttl 30` and `cache 30`.
export const DEFAULT_DNS_TTL_MS = 30_000;
// EndpointSlice updates take a second or two to reach CoreDNS.
export const DEFAULT_PROPAGATION_MS = 2_000;
// Clients that look the name up before each connection keep no IP of their own.
export const DEFAULT_CLIENT_CACHE_MS = 0;
// Without an image to detect it from: SIGTERM and a 5 s stop, an assumption --server-stop may correct.
export const DEFAULT_SERVER: ServerKind = 'generic';
// Sidecar by default: it works with the stock image the snippet names; the wrapper needs graceful inside.
export const DEFAULT_PLAN_MODE: PlanMode = 'sidecar';

// Returns the value if it is one of the choices; a usage error naming the flag otherwise.
export const normalizeChoice = <T extends string>(flag: string, value: unknown, choices: readonly T[]): T => {
  if (!choices.includes(value as T)) {
    throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  }

  return value as T;
};

// Resolves the flags `plan --check` reads: overrides for what the manifests cannot show; undefined where they decide.
export const normalizeCheckOptions = (input: PlanOptionsInput) => ({
  server:
    input.server === undefined
      ? undefined
      : normalizeChoice<ServerKind>('--server', input.server, SERVER_KINDS),
  serverStopMs:
    input.serverStop === undefined ? undefined : normalizeDuration('--server-stop', input.serverStop),
  mesh: input.mesh === undefined ? undefined : normalizeChoice<Mesh>('--mesh', input.mesh, MESHES),
});

// Resolves `graceful plan` flags into the plan's input.
export const normalizePlanOptions = (
  input: PlanOptionsInput,
): PlanInput & {healthPort: number | undefined} => {
  const {server, serverStopMs, mesh} = normalizeCheckOptions(input);
  refuseValueless('--lb', input.lb, LOAD_BALANCERS.join(', '));
  return {
    dnsTtlMs: input.dnsTtl === undefined ? DEFAULT_DNS_TTL_MS : normalizeDuration('--dns-ttl', input.dnsTtl),
    propagationMs:
      input.propagation === undefined
        ? DEFAULT_PROPAGATION_MS
        : normalizeDuration('--propagation', input.propagation),
    clientCacheMs:
      input.clientCache === undefined
        ? DEFAULT_CLIENT_CACHE_MS
        : normalizeDuration('--client-cache', input.clientCache),
    server: server ?? DEFAULT_SERVER,
    serverStopMs,
    mode:
      input.mode === undefined
        ? DEFAULT_PLAN_MODE
        : normalizeChoice<PlanMode>('--mode', input.mode, PLAN_MODES),
    mesh,
    loadBalancers: [input.lb ?? []]
      .flat()
      .flatMap((item) => String(item).split(','))
      .map((item) => normalizeChoice<LoadBalancer>('--lb', item.trim(), LOAD_BALANCERS)),
    drainReadiness:
      input.drainReadiness === undefined
        ? DEFAULT_DRAIN_READINESS
        : normalizeChoice<DrainReadiness>('--drain-readiness', input.drainReadiness, DRAIN_READINESS_VALUES),
    // undefined: the snippet's own default, DEFAULT_HEALTH_PORT.
    healthPort: input.healthPort === undefined ? undefined : normalizePort('--health-port', input.healthPort),
  };
};
