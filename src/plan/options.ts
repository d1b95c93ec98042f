import {normalizeDuration} from '../config/duration.ts';
import {normalizePort} from '../config/port.ts';
import {UsageError} from '../errors.ts';
import {
  DRAIN_READINESS,
  type DrainReadiness,
  LOAD_BALANCERS,
  type LoadBalancer,
  MESHES,
  type Mesh,
} from './facts.ts';
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

// kubeadm's CoreDNS sets `ttl 30` and `cache 30`.
export const DEFAULT_DNS_TTL_MS = 30_000;
// EndpointSlice updates take a second or two to reach CoreDNS.
export const DEFAULT_PROPAGATION_MS = 2_000;

export const normalizeChoice = <T extends string>(
  flag: string,
  value: unknown,
  choices: T[],
  fallback: T,
): T => {
  if (value === undefined) {
    return fallback;
  }

  if (!choices.includes(value as T)) {
    throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  }

  return value as T;
};

// Resolves `graceful plan` flags into the plan's input.
export const normalizePlanOptions = (
  input: PlanOptionsInput,
): PlanInput & {healthPort: number | undefined} => ({
  dnsTtlMs: input.dnsTtl === undefined ? DEFAULT_DNS_TTL_MS : normalizeDuration('--dns-ttl', input.dnsTtl),
  propagationMs:
    input.propagation === undefined
      ? DEFAULT_PROPAGATION_MS
      : normalizeDuration('--propagation', input.propagation),
  clientCacheMs: input.clientCache === undefined ? 0 : normalizeDuration('--client-cache', input.clientCache),
  server: normalizeChoice<ServerKind>('--server', input.server, SERVER_KINDS, 'generic'),
  serverStopMs:
    input.serverStop === undefined ? undefined : normalizeDuration('--server-stop', input.serverStop),
  // Sidecar by default: it works with the stock image the snippet names; the wrapper needs graceful inside.
  mode: normalizeChoice<PlanMode>('--mode', input.mode, PLAN_MODES, 'sidecar'),
  mesh: input.mesh === undefined ? undefined : normalizeChoice<Mesh>('--mesh', input.mesh, MESHES, 'istio'),
  loadBalancers: [input.lb ?? []]
    .flat()
    .flatMap((item) => String(item).split(','))
    .map((item) => normalizeChoice<LoadBalancer>('--lb', item.trim(), LOAD_BALANCERS, 'aws-nlb')),
  drainReadiness: normalizeChoice<DrainReadiness>(
    '--drain-readiness',
    input.drainReadiness,
    DRAIN_READINESS,
    'unready',
  ),
  healthPort: input.healthPort === undefined ? undefined : normalizePort('--health-port', input.healthPort),
});

// Resolves the flags `plan --check` reads: overrides for what the manifests cannot show.
export const normalizeCheckOptions = (input: PlanOptionsInput) => ({
  mesh: input.mesh === undefined ? undefined : normalizeChoice<Mesh>('--mesh', input.mesh, MESHES, 'istio'),
  server:
    input.server === undefined
      ? undefined
      : normalizeChoice<ServerKind>('--server', input.server, SERVER_KINDS, 'generic'),
  serverStopMs:
    input.serverStop === undefined ? undefined : normalizeDuration('--server-stop', input.serverStop),
});
