import {refuseValueless} from '../config/normalize.ts';
import {UsageError} from '../errors.ts';
import {DEFAULT_HEALTH_PORT, type DrainReadiness, type LoadBalancer, type Mesh} from '../plan/facts.ts';
import {normalizePlanOptions, type PlanOptionsInput} from '../plan/options.ts';
import type {ServerKind} from '../plan/servers.ts';
import type {PlanMode} from '../plan/windows.ts';

// What the user may give for `graceful inject`: the plan's options plus the sidecar image and the containers.
export interface InjectOptionsInput extends PlanOptionsInput {
  image?: string;
  container?: string | string[];
}

// The resolved options of `graceful inject`; undefined: detected from each pod and its Services.
export interface InjectOptions {
  mode: PlanMode;
  dnsTtlMs: number;
  propagationMs: number;
  clientCacheMs: number;
  server: ServerKind | undefined;
  serverStopMs: number | undefined;
  healthPort: number;
  mesh: Mesh | undefined;
  loadBalancers: LoadBalancer[];
  drainReadiness: DrainReadiness | undefined;
  image: string;
  // The containers to protect; empty: every main container (sidecar), the first (wrapper).
  containers: string[];
}

// graceful's sidecar image, as the Dockerfile's sidecar stage is tagged in the README.
export const DEFAULT_SIDECAR_IMAGE = 'graceful:sidecar';

// Resolves `graceful inject` flags; the plan's defaults apply, but server and readiness stay per pod.
export const normalizeInjectOptions = (input: InjectOptionsInput): InjectOptions => {
  refuseValueless('--container', input.container, 'a container name');
  const plan = normalizePlanOptions(input);
  const image = input.image ?? DEFAULT_SIDECAR_IMAGE;
  if (image.trim() === '' || /\s/.test(image)) {
    throw new UsageError(
      `--image: expected an image reference such as ${DEFAULT_SIDECAR_IMAGE}, got ${JSON.stringify(image)}`,
    );
  }

  return {
    mode: plan.mode,
    dnsTtlMs: plan.dnsTtlMs,
    propagationMs: plan.propagationMs,
    clientCacheMs: plan.clientCacheMs,
    server: input.server === undefined ? undefined : plan.server,
    serverStopMs: plan.serverStopMs,
    healthPort: plan.healthPort ?? DEFAULT_HEALTH_PORT,
    mesh: plan.mesh,
    loadBalancers: plan.loadBalancers ?? [],
    drainReadiness: input.drainReadiness === undefined ? undefined : plan.drainReadiness,
    image,
    containers: [input.container ?? []].flat().map(String),
  };
};
