import {formatDuration, normalizeDuration} from '../config/duration.ts';
import {refuseValueless} from '../config/list.ts';
import {formatChoices, normalizeChoice, type OptionSpec, type OptionsInput} from '../config/option-spec.ts';
import {normalizePort} from '../config/port.ts';
import {DEFAULT_HEALTH_PORT, DRAIN_READINESS_OPTION, normalizeDrainReadiness} from '../health/options.ts';
import {
  ENDPOINT_PROPAGATION_MS,
  KUBEADM_DNS_TTL_MS,
  LOAD_BALANCER_DRAIN,
  LOAD_BALANCERS,
  type LoadBalancer,
  MESHES,
} from '../kubernetes/facts.ts';
import {PLAN_MODES, type PlanInput, type PlanMode, SERVER_KINDS, type ServerKind} from './windows.ts';

// Clients that look the name up before each connection keep no IP of their own.
export const DEFAULT_CLIENT_CACHE_MS = 0;
// Without an image to detect it from: SIGTERM and a 5 s stop, an assumption --server-stop may correct.
export const DEFAULT_SERVER: ServerKind = 'generic';
// Sidecar by default: it works with the stock image the snippet names; the wrapper needs graceful inside.
export const DEFAULT_PLAN_MODE: PlanMode = 'sidecar';

// How long a load balancer keeps sending new connections to a terminating pod, as --help writes it.
const lbDrain = (lb: LoadBalancer): string => formatDuration(LOAD_BALANCER_DRAIN[lb].ms);

const SERVER_OPTION = {
  name: 'server',
  kind: 'choice',
  choices: SERVER_KINDS,
  defaultText: `${DEFAULT_SERVER}; with \`--check\`, from each image`,
  describe: `${formatChoices(SERVER_KINDS)}: decides the stop signal and stop time`,
} as const satisfies OptionSpec;

const SERVER_STOP_OPTION = {
  name: 'server-stop',
  kind: 'duration',
  defaultText: "the server's",
  describe: "the server's own stop time, overriding `--server`'s",
} as const satisfies OptionSpec;

const MODE_OPTION = {
  name: 'mode',
  kind: 'choice',
  choices: PLAN_MODES,
  default: DEFAULT_PLAN_MODE,
  describe: '`sidecar` (beside the untouched image) or `wrapper` (the image must contain graceful)',
} as const satisfies OptionSpec;

const MESH_OPTION = {
  name: 'mesh',
  kind: 'choice',
  choices: MESHES,
  defaultText: 'none; with `--check`, from the annotations',
  describe: `${formatChoices(MESHES)}: keep the proxy alive through drain + stop`,
} as const satisfies OptionSpec;

const LB_OPTION = {
  name: 'lb',
  kind: 'choice',
  choices: LOAD_BALANCERS,
  array: true,
  defaultText: 'none',
  describe: `${formatChoices(LOAD_BALANCERS)} (repeatable): drain at least as long as the load balancer keeps sending (about ${LOAD_BALANCERS.map(lbDrain).join(', ')})`,
} as const satisfies OptionSpec;

// The options `plan` and `inject` share: what the user knows about DNS, clients, the server and the cluster.
export const PLAN_OPTIONS = [
  {
    name: 'dns-ttl',
    kind: 'duration',
    default: KUBEADM_DNS_TTL_MS,
    describe: "how long DNS may still return a deleted pod (kubeadm's CoreDNS: `ttl 30`, `cache 30`)",
  },
  {
    name: 'propagation',
    kind: 'duration',
    default: ENDPOINT_PROPAGATION_MS,
    describe: 'delay until CoreDNS sees the endpoint update',
  },
  {
    name: 'client-cache',
    kind: 'duration',
    default: DEFAULT_CLIENT_CACHE_MS,
    describe: "longest client-side cache of the IP: 30s for the JVM, 60s for MongoDB drivers' SRV rescans",
  },
  SERVER_OPTION,
  SERVER_STOP_OPTION,
  MODE_OPTION,
  {name: 'health-port', kind: 'port', default: DEFAULT_HEALTH_PORT, describe: "graceful's health port"},
  MESH_OPTION,
  LB_OPTION,
  {
    ...DRAIN_READINESS_OPTION,
    describe: '`ready` keeps `/readyz` 200 while terminating, for `externalTrafficPolicy: Local`',
  },
] as const satisfies readonly OptionSpec[];

// What the user may give for `graceful plan`, from flags or GRACEFUL_* variables.
export type PlanOptionsInput = OptionsInput<typeof PLAN_OPTIONS>;

// `plan --check`: the manifests to check instead of computing a plan.
export const CHECK_OPTION = {
  name: 'check',
  kind: 'list',
  array: true,
  defaultText: 'none',
  describe: 'check these manifests (files, `-` for stdin) instead; exit 1 if any problem is found',
} as const satisfies OptionSpec;

// What --check reads besides the manifests; the other plan options describe windows the manifests already have.
export const CHECK_READS: readonly OptionSpec[] = [SERVER_OPTION, SERVER_STOP_OPTION, MESH_OPTION];

// Resolves the flags `plan --check` reads: overrides for what the manifests cannot show; undefined where they decide.
export const normalizeCheckOptions = (input: PlanOptionsInput) => ({
  server: input.server === undefined ? undefined : normalizeChoice(SERVER_OPTION, input.server),
  serverStopMs:
    input.serverStop === undefined ? undefined : normalizeDuration('--server-stop', input.serverStop),
  mesh: input.mesh === undefined ? undefined : normalizeChoice(MESH_OPTION, input.mesh),
});

// Resolves `graceful plan` flags into the plan's input.
export const normalizePlanOptions = (
  input: PlanOptionsInput,
): PlanInput & {healthPort: number | undefined} => {
  const {server, serverStopMs, mesh} = normalizeCheckOptions(input);
  refuseValueless('--lb', input.lb, LOAD_BALANCERS.join(', '));
  return {
    dnsTtlMs: input.dnsTtl === undefined ? KUBEADM_DNS_TTL_MS : normalizeDuration('--dns-ttl', input.dnsTtl),
    propagationMs:
      input.propagation === undefined
        ? ENDPOINT_PROPAGATION_MS
        : normalizeDuration('--propagation', input.propagation),
    clientCacheMs:
      input.clientCache === undefined
        ? DEFAULT_CLIENT_CACHE_MS
        : normalizeDuration('--client-cache', input.clientCache),
    server: server ?? DEFAULT_SERVER,
    serverStopMs,
    mode: input.mode === undefined ? MODE_OPTION.default : normalizeChoice(MODE_OPTION, input.mode),
    mesh,
    loadBalancers: [input.lb ?? []]
      .flat()
      .flatMap((item) => String(item).split(','))
      .map((item) => normalizeChoice(LB_OPTION, item.trim())),
    drainReadiness: normalizeDrainReadiness(input.drainReadiness),
    // undefined: the snippet's own default, DEFAULT_HEALTH_PORT.
    healthPort: input.healthPort === undefined ? undefined : normalizePort('--health-port', input.healthPort),
  };
};
