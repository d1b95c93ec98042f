import {Document, isMap, isScalar} from 'yaml';
import {formatDuration} from '../config/duration.ts';
import {DEFAULT_HEALTH_PORT} from '../config/health-options.ts';
import type {Plan} from './windows.ts';

// How the rendered snippet names images and ports.
export interface RenderOptions {
  healthPort: number;
  gracefulImage: string;
  serverImage: string;
}

const IMAGES: Record<Plan['input']['server'], string> = {
  generic: 'your-server-image',
  nginx: 'nginx:1.27',
  mongos: 'mongo:8.0',
};

// Default images for the snippet: the server's official image; graceful's own image for the sidecar.
export const defaultRenderOptions = (plan: Plan, healthPort = DEFAULT_HEALTH_PORT): RenderOptions => ({
  healthPort,
  gracefulImage: 'graceful:sidecar',
  serverImage: IMAGES[plan.input.server],
});

const readinessProbe = (port: number | string) => ({
  httpGet: {path: '/readyz', port},
  periodSeconds: 2,
  failureThreshold: 1,
});

const wrapperSpec = (plan: Plan, options: RenderOptions) => {
  const f = formatDuration;
  const env = [
    {name: 'GRACEFUL_DRAIN', value: f(plan.drain.ms)},
    ...(plan.profile.stopSignal === 'SIGTERM'
      ? []
      : [{name: 'GRACEFUL_STOP_SIGNAL', value: plan.profile.stopSignal}]),
    {name: 'GRACEFUL_STOP_TIMEOUT', value: f(plan.stopTimeout.ms)},
    {name: 'GRACEFUL_REFUSE', value: f(plan.refuse.ms)},
    {name: 'GRACEFUL_GRACE_PERIOD', value: `${plan.gracePeriodSeconds}s`},
    {name: 'GRACEFUL_HEALTH_PORT', value: String(options.healthPort)},
  ];
  return {
    terminationGracePeriodSeconds: plan.gracePeriodSeconds,
    containers: [
      {
        name: 'server',
        image: options.serverImage,
        command: ['graceful', '--', ...plan.profile.command],
        env,
        ports: [{name: 'graceful', containerPort: options.healthPort}],
        readinessProbe: readinessProbe('graceful'),
      },
    ],
  };
};

const sidecarSpec = (plan: Plan, options: RenderOptions) => {
  const f = formatDuration;
  return {
    terminationGracePeriodSeconds: plan.gracePeriodSeconds,
    initContainers: [
      {
        name: 'graceful',
        image: options.gracefulImage,
        restartPolicy: 'Always',
        args: [
          'sidecar',
          '--health-port',
          String(options.healthPort),
          '--drain',
          f(plan.drain.ms),
          '--refuse',
          f(plan.refuse.ms),
          '--grace-period',
          `${plan.gracePeriodSeconds}s`,
        ],
        ports: [{name: 'graceful', containerPort: options.healthPort}],
        readinessProbe: readinessProbe('graceful'),
      },
    ],
    containers: [
      {
        name: 'server',
        image: options.serverImage,
        command: plan.profile.command,
        lifecycle: {preStop: {httpGet: {path: '/prestop', port: options.healthPort}}},
      },
    ],
  };
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
  document.commentBefore = [
    ` graceful plan: ${plan.input.server} as ${plan.input.mode === 'wrapper' ? 'the container ENTRYPOINT' : 'a native sidecar'}`,
    ` drain ${f(plan.drain.ms)}: ${plan.drain.reason}`,
    ` stop-timeout ${f(plan.stopTimeout.ms)}: ${plan.stopTimeout.reason}`,
    ` refuse ${f(plan.refuse.ms)}: ${plan.refuse.reason}`,
    ` terminationGracePeriodSeconds ${plan.gracePeriodSeconds}: ${plan.gracePeriodReason}`,
    '',
    ' Paste under the pod template (spec.template.spec):',
  ].join('\n');
  commentKey(
    document.contents,
    'dnsConfig',
    ' Optional: avoids 5 s DNS lookups from the conntrack race on parallel A/AAAA queries (kubernetes#56903)',
  );
  if (plan.input.mode === 'sidecar') {
    commentKey(
      document.contents,
      'containers',
      ' The untouched server image: the kubelet sends it SIGTERM (or its STOPSIGNAL) only once /prestop answers',
    );
  }

  return document.toString({lineWidth: 0});
};
