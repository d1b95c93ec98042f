import {refuseValueless} from '../config/list.ts';
import type {OptionSpec, OptionsInput} from '../config/option-spec.ts';
import {UsageError} from '../errors.ts';
import {DEFAULT_DRAIN_READINESS, DEFAULT_HEALTH_PORT, type DrainReadiness} from '../health/options.ts';
import type {LoadBalancer, Mesh} from '../kubernetes/facts.ts';
import {DEFAULT_SERVER, normalizePlanOptions, PLAN_OPTIONS, type PlanOptionsInput} from '../plan/options.ts';
import type {ServerKind} from '../plan/servers.ts';
import type {PlanMode} from '../plan/windows.ts';
import {DEFAULT_SIDECAR_IMAGE} from '../plan/yaml.ts';

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

const IMAGE_OPTION = {
  name: 'image',
  kind: 'text',
  default: DEFAULT_SIDECAR_IMAGE,
  describe: "graceful's sidecar image",
} as const satisfies OptionSpec;

// What inject finds out for each pod when an option of the plan's is not given.
const DETECTED: Record<string, string> = {
  server: `from the image, else ${DEFAULT_SERVER}`,
  mesh: 'from the pod annotations',
  lb: 'from the Services given alongside',
  'drain-readiness': `\`ready\` behind an \`externalTrafficPolicy: Local\` Service, else \`${DEFAULT_DRAIN_READINESS}\``,
};

const CONTAINER_OPTION = {
  name: 'container',
  kind: 'list',
  array: true,
  defaultText: 'every main container; the first with `--mode wrapper`',
  describe: 'protect only these containers (repeatable)',
} as const satisfies OptionSpec;

// The options of `graceful inject`: the plan's, with what inject detects as their defaults, and its own.
export const INJECT_OPTIONS: readonly OptionSpec[] = [
  ...PLAN_OPTIONS.map((spec: OptionSpec): OptionSpec => {
    const detected = DETECTED[spec.name];
    if (detected === undefined) return spec;
    const {default: _planDefault, ...undetected} = spec;
    return {...undetected, defaultText: detected};
  }),
  IMAGE_OPTION,
  CONTAINER_OPTION,
];

// What the user may give for `graceful inject`: the plan's options plus the sidecar image and the containers.
export type InjectOptionsInput = PlanOptionsInput &
  OptionsInput<[typeof IMAGE_OPTION, typeof CONTAINER_OPTION]>;

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
