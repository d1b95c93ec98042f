import {Document, isMap, isScalar} from 'yaml';
import {formatDuration} from '../config/duration.ts';
import {flagVariable} from '../config/option-spec.ts';
import {DEFAULT_HEALTH_PORT} from '../health/options.ts';
import {
  ISTIO_EXCLUDE_INBOUND_PORTS,
  ISTIO_PROXY_CONFIG,
  LINKERD_WAIT_BEFORE_EXIT,
} from '../kubernetes/facts.ts';
import type {Plan} from './windows.ts';

// graceful's sidecar image, as the Dockerfile's sidecar stage is tagged in the README.
export const DEFAULT_SIDECAR_IMAGE = 'graceful:sidecar';

// How the rendered snippet names images and ports.
export interface RenderOptions {
  healthPort: number;
  gracefulImage: string;
  serverImage: string;
}

// Default images for the snippet: the server's stock image beside graceful's sidecar image; for the wrapper an
// image of yours, since it must contain graceful.
export const defaultRenderOptions = (plan: Plan, healthPort = DEFAULT_HEALTH_PORT): RenderOptions => ({
  healthPort,
  gracefulImage: DEFAULT_SIDECAR_IMAGE,
  serverImage:
    plan.input.mode === 'wrapper'
      ? `example/${plan.input.server === 'generic' ? 'server' : plan.input.server}-with-graceful`
      : plan.profile.image,
});

const readinessProbe = (port: number | string) => ({
  httpGet: {path: '/readyz', port},
  periodSeconds: 2,
  failureThreshold: 1,
});

// How long the mesh's proxy must keep carrying traffic after SIGTERM: the drain and the server's stop.
export const proxyLifetimeSeconds = (plan: Plan): number =>
  Math.ceil((plan.drain.ms + plan.stopTimeout.ms) / 1_000);

// The pod annotations that keep the mesh's proxy alive through the drain (and, for Istio's STRICT mTLS, let the
// kubelet's plaintext preStop GET reach the sidecar).
export const meshAnnotations = (plan: Plan, healthPort: number): Record<string, string> => {
  const seconds = proxyLifetimeSeconds(plan);
  if (plan.input.mesh === 'istio') {
    return {
      [ISTIO_PROXY_CONFIG]: JSON.stringify({terminationDrainDuration: `${seconds}s`}),
      ...(plan.input.mode === 'sidecar' ? {[ISTIO_EXCLUDE_INBOUND_PORTS]: String(healthPort)} : {}),
    };
  }

  return plan.input.mesh === 'linkerd' ? {[LINKERD_WAIT_BEFORE_EXIT]: String(seconds)} : {};
};

// The options of `graceful sidecar` for this plan, by name.
const sidecarOptions = (
  plan: Plan,
  healthPort: number,
  readyTcp?: number,
): [name: string, value: string][] => [
  ['health-port', String(healthPort)],
  ...(readyTcp === undefined ? [] : [['ready-tcp', String(readyTcp)] as [string, string]]),
  ['drain', formatDuration(plan.drain.ms)],
  ['refuse', formatDuration(plan.refuse.ms)],
  ['grace-period', `${plan.gracePeriodSeconds}s`],
  ...(plan.input.drainReadiness === 'ready' ? [['drain-readiness', 'ready'] as [string, string]] : []),
];

// The arguments of `graceful sidecar` for this plan.
export const sidecarArgs = (plan: Plan, healthPort: number, readyTcp?: number): string[] => [
  'sidecar',
  ...sidecarOptions(plan, healthPort, readyTcp).flatMap(([name, value]) => [`--${name}`, value]),
];

// graceful as a native sidecar (an init container with restartPolicy: Always, KEP-753).
export const sidecarContainer = (plan: Plan, image: string, healthPort: number, readyTcp?: number) => ({
  name: 'graceful',
  image,
  restartPolicy: 'Always',
  args: sidecarArgs(plan, healthPort, readyTcp),
  ports: [{name: 'graceful', containerPort: healthPort}],
  readinessProbe: readinessProbe('graceful'),
  // The standalone binary maps about 85 MB, about 24 MB of it its own memory.
  resources: {requests: {cpu: '10m', memory: '64Mi'}, limits: {memory: '128Mi'}},
  // What the restricted Pod Security Standard asks of every container; 65532 is the image's numeric USER.
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 65532,
    allowPrivilegeEscalation: false,
    capabilities: {drop: ['ALL']},
    seccompProfile: {type: 'RuntimeDefault'},
  },
});

// The GRACEFUL_* variables of the wrapper for this plan.
export const wrapperEnv = (plan: Plan, healthPort: number): {name: string; value: string}[] => {
  const f = formatDuration;
  const options: [name: string, value: string][] = [
    ['drain', f(plan.drain.ms)],
    ...(plan.profile.stopSignal === 'SIGTERM'
      ? []
      : [['stop-signal', plan.profile.stopSignal] as [string, string]]),
    ['stop-timeout', f(plan.stopTimeout.ms)],
    ['refuse', f(plan.refuse.ms)],
    ['grace-period', `${plan.gracePeriodSeconds}s`],
    ['health-port', String(healthPort)],
    ...(plan.input.drainReadiness === 'ready' ? [['drain-readiness', 'ready'] as [string, string]] : []),
  ];
  return options.map(([name, value]) => ({name: flagVariable(name), value}));
};

const wrapperSpec = (plan: Plan, options: RenderOptions) => ({
  terminationGracePeriodSeconds: plan.gracePeriodSeconds,
  containers: [
    {
      name: 'server',
      image: options.serverImage,
      command: ['graceful', '--', ...plan.profile.command],
      env: wrapperEnv(plan, options.healthPort),
      ports: [{name: 'graceful', containerPort: options.healthPort}],
      readinessProbe: readinessProbe('graceful'),
    },
  ],
});

const sidecarSpec = (plan: Plan, options: RenderOptions) => ({
  terminationGracePeriodSeconds: plan.gracePeriodSeconds,
  initContainers: [sidecarContainer(plan, options.gracefulImage, options.healthPort)],
  containers: [
    {
      name: 'server',
      image: options.serverImage,
      command: plan.profile.command,
      lifecycle: {preStop: {httpGet: {path: '/prestop', port: options.healthPort}}},
    },
  ],
});

// What the wrapper's image must do, for the snippet's comment.
const wrapperImageAdvice = (plan: Plan): string => {
  const signal = plan.profile.stopSignal;
  return [
    ' The image must contain graceful: COPY --from=graceful:binary /graceful /usr/local/bin/graceful',
    ...(signal === 'SIGTERM'
      ? []
      : [
          ` and say STOPSIGNAL SIGTERM: the stock image's ${signal} would be forwarded with no drain;`,
          ` graceful sends ${plan.input.server} ${signal} (--stop-signal) itself once the drain is over`,
        ]),
  ].join('\n');
};

const commentKey = (map: unknown, key: string, text: string): void => {
  const pair = isMap(map)
    ? map.items.find((item) => isScalar(item.key) && item.key.value === key)
    : undefined;
  if (pair !== undefined && isScalar(pair.key)) {
    pair.key.commentBefore = text;
  }
};

// Renders the plan as YAML to paste under a pod template's `spec:`; the reasoning comes first, as comments.
export const renderPlanYaml = (plan: Plan, options: RenderOptions): string => {
  const f = formatDuration;
  const spec = {
    ...(plan.input.mode === 'wrapper' ? wrapperSpec(plan, options) : sidecarSpec(plan, options)),
    dnsConfig: {options: [{name: 'single-request-reopen'}]},
  };
  const document = new Document(spec);
  const annotations = Object.entries(meshAnnotations(plan, options.healthPort));
  document.commentBefore = [
    ` graceful plan: ${plan.input.server} as ${plan.input.mode === 'wrapper' ? 'the container ENTRYPOINT' : 'a native sidecar'}`,
    ` drain ${f(plan.drain.ms)}: ${plan.drain.reason}`,
    ` stop-timeout ${f(plan.stopTimeout.ms)}: ${plan.stopTimeout.reason}`,
    ` refuse ${f(plan.refuse.ms)}: ${plan.refuse.reason}`,
    ` terminationGracePeriodSeconds ${plan.gracePeriodSeconds}: ${plan.gracePeriodReason}`,
    ...(annotations.length === 0
      ? []
      : [
          '',
          ` ${plan.input.mesh}: add to the pod template's metadata.annotations, so its proxy outlives drain + stop:`,
          ...annotations.map(([key, value]) => `   ${key}: '${value}'`),
        ]),
    '',
    ' Paste under the pod template (spec.template.spec):',
  ].join('\n');
  commentKey(
    document.contents,
    'dnsConfig',
    ' Optional: avoids 5 s DNS lookups from the conntrack race on parallel A/AAAA queries (kubernetes#56903)',
  );
  if (plan.input.mode === 'sidecar') {
    const signal = plan.profile.stopSignal;
    commentKey(
      document.contents,
      'containers',
      ` The untouched stock image: the kubelet sends it ${signal === 'SIGTERM' ? 'SIGTERM' : `its STOPSIGNAL ${signal} (keep it: the clean stop)`} only once /prestop answers`,
    );
  } else {
    commentKey(document.contents, 'containers', wrapperImageAdvice(plan));
  }

  return document.toString({lineWidth: 0});
};
