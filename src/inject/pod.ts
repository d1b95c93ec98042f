import type {Document} from 'yaml';
import {formatDuration} from '../config/duration.ts';
import {UsageError} from '../errors.ts';
import {DEFAULT_DRAIN_READINESS} from '../health/options.ts';
import {preStopSleepMs} from '../plan/check.ts';
import {exposureOf, meshOf} from '../plan/cluster.ts';
import {readGracefulUse} from '../plan/graceful-use.ts';
import type {ContainerSpec, Manifests, Workload} from '../plan/manifest.ts';
import {detectServer, isStockImage, SERVER_PROFILES, type ServerKind} from '../plan/servers.ts';
import {type Plan, planWindows} from '../plan/windows.ts';
import {sidecarContainer, wrapperEnv} from '../plan/yaml.ts';
import {mapAt, seqAt, setMeshAnnotations, validateNoAlias, validatePortFree} from './edit.ts';
import type {InjectOptions} from './options.ts';

// Mesh proxies are the mesh's own: graceful never hooks or wraps them.
const MESH_PROXIES = new Set(['istio-proxy', 'linkerd-proxy']);
const WRAPPER_COMMENT =
  " graceful inject: this image's ENTRYPOINT must be graceful (the image must contain it)";

// The server a container runs, unless --server says.
const serverOf = (container: ContainerSpec, options: InjectOptions): ServerKind => {
  const use = readGracefulUse(container);
  const argv = use?.command.length ? use.command : [...(container.command ?? []), ...(container.args ?? [])];
  return options.server ?? detectServer(container.image, argv);
};

// The slowest server of the containers, which sets the plan's stop time.
const slowestServer = (containers: ContainerSpec[], options: InjectOptions): ServerKind =>
  containers
    .map((container) => serverOf(container, options))
    .reduce<ServerKind>(
      (slowest, server) =>
        SERVER_PROFILES[server].stopMs > SERVER_PROFILES[slowest].stopMs ? server : slowest,
      'generic',
    );

// A preStop hook graceful may replace: none, a sleep (what the drain replaces) or its own /prestop call.
const isReplaceableHook = (container: ContainerSpec, port: number): boolean => {
  const preStop = container.lifecycle?.preStop;
  if (preStop === undefined || Object.keys(preStop).length === 0) {
    return true;
  }

  const httpGet = preStop.httpGet;
  return (
    (preStop.sleep !== undefined && preStop.exec === undefined && httpGet === undefined) ||
    (preStop.exec !== undefined &&
      preStopSleepMs(container) !== undefined &&
      preStop.exec.command.length <= 3) ||
    (httpGet?.path === '/prestop' && String(httpGet.port) === String(port))
  );
};

// Plans the windows for one pod from the options, its servers, its mesh and the load balancers in front of it.
const planFor = (
  workload: Workload,
  manifests: Manifests,
  servers: ContainerSpec[],
  options: InjectOptions,
) => {
  const exposure = exposureOf(workload, manifests);
  const server = slowestServer(servers, options);
  const plan = planWindows({
    dnsTtlMs: options.dnsTtlMs,
    propagationMs: options.propagationMs,
    clientCacheMs: options.clientCacheMs,
    server,
    serverStopMs: options.serverStopMs,
    mode: options.mode,
    mesh: meshOf(workload, options.mesh),
    loadBalancers: [...new Set([...options.loadBalancers, ...exposure.loadBalancers.map((item) => item.lb)])],
    drainReadiness:
      options.drainReadiness ?? (exposure.localTraffic === undefined ? DEFAULT_DRAIN_READINESS : 'ready'),
  });
  // Never lower a grace period the pod already has: its owner may need it for more than graceful.
  const gracePeriodSeconds = Math.max(
    plan.gracePeriodSeconds,
    workload.spec.terminationGracePeriodSeconds ?? 0,
  );
  return {...plan, gracePeriodSeconds};
};

// What the plan sets, for the line on stderr.
const describePlan = (plan: Plan): string =>
  `drain ${formatDuration(plan.drain.ms)}, refuse ${formatDuration(plan.refuse.ms)}, terminationGracePeriodSeconds ${plan.gracePeriodSeconds}${plan.input.drainReadiness === 'ready' ? ', --drain-readiness ready' : ''}${plan.input.mesh === undefined ? '' : `, ${plan.input.mesh} proxy kept`}`;

// The containers --container names, or the default ones.
const chosen = (
  containers: ContainerSpec[],
  options: InjectOptions,
  fallback: ContainerSpec[],
): ContainerSpec[] =>
  options.containers.length === 0
    ? fallback
    : containers.filter((item) => options.containers.includes(item.name));

// Adds graceful as a native sidecar: the sidecar first among the init containers (it stops last, KEP-753),
// preStop httpGet /prestop on the servers, the grace period. Returns what it did, for stderr.
export const injectSidecar = (
  document: Document,
  workload: Workload,
  manifests: Manifests,
  options: InjectOptions,
): string => {
  const {spec} = workload;
  const port = options.healthPort;
  validateNoAlias(document, workload);
  validatePortFree(workload, port, workload.resource);
  const main = spec.containers.filter((item) => !MESH_PROXIES.has(item.name));
  const wanted = chosen(main, options, main);
  const servers = wanted.filter((item) => isReplaceableHook(item, port));
  const kept = wanted.filter((item) => !servers.includes(item)).map((item) => item.name);
  if (servers.length === 0) {
    return `skipped: ${kept.length > 0 ? `container ${kept.join(', ')} has a preStop hook of its own` : 'no container to protect'}`;
  }

  const plan = planFor(workload, manifests, servers, options);
  // Without a readiness probe of its own, the server's readiness is its first TCP port accepting (--ready-tcp).
  const first = servers[0];
  const tcpPort =
    first === undefined || first.readinessProbe
      ? undefined
      : first.ports?.find((item) => (item.protocol ?? 'TCP') === 'TCP')?.containerPort;
  const sidecar = document.createNode(sidecarContainer(plan, options.image, port, tcpPort));
  const initContainers = seqAt(document, [...workload.specPath, 'initContainers']);
  initContainers.items.unshift(sidecar);

  for (const container of servers) {
    const index = spec.containers.indexOf(container);
    const lifecycle = mapAt(document, [...workload.specPath, 'containers', index, 'lifecycle']);
    lifecycle.set('preStop', document.createNode({httpGet: {path: '/prestop', port}}));
  }

  mapAt(document, workload.specPath).set('terminationGracePeriodSeconds', plan.gracePeriodSeconds);
  setMeshAnnotations(document, workload, plan, port);
  const note = kept.length > 0 ? `; container ${kept.join(', ')} keeps its own preStop hook` : '';
  return `sidecar added (${describePlan(plan)})${note}`;
};

// Makes graceful the ENTRYPOINT of the chosen container (the first by default), for images that contain it.
export const injectWrapper = (
  document: Document,
  workload: Workload,
  manifests: Manifests,
  options: InjectOptions,
): string => {
  const {spec} = workload;
  const main = spec.containers.filter((item) => !MESH_PROXIES.has(item.name));
  const targets = chosen(main, options, main.slice(0, 1));
  if (targets.length === 0) {
    return 'skipped: no container to protect';
  }

  const port = options.healthPort;
  validateNoAlias(document, workload);
  validatePortFree(workload, port, workload.resource);
  const plan = planFor(workload, manifests, targets, options);
  for (const container of targets) {
    if (isStockImage(container.image)) {
      throw new UsageError(
        `${workload.resource}: --mode wrapper: container ${container.name} runs the stock image ${container.image}, which has no graceful; use the sidecar (the default) or an image that contains graceful`,
      );
    }

    const path = [...workload.specPath, 'containers', spec.containers.indexOf(container)];
    const node = mapAt(document, path);
    const env = seqAt(document, [...path, 'env']);
    for (const variable of wrapperEnv(
      {...plan, profile: SERVER_PROFILES[serverOf(container, options)]},
      port,
    )) {
      const index = (container.env ?? []).findIndex((item) => item.name === variable.name);
      if (index === -1) {
        env.items.push(document.createNode(variable));
      } else {
        document.setIn([...path, 'env', index, 'value'], variable.value);
      }
    }

    if (container.command !== undefined) {
      node.set('command', document.createNode(['graceful', '--', ...container.command], {flow: false}));
    } else if (
      container.command === undefined &&
      !(node.commentBefore ?? '').includes(WRAPPER_COMMENT.trim())
    ) {
      node.commentBefore = [node.commentBefore, WRAPPER_COMMENT]
        .filter((item) => item !== undefined && item !== null)
        .join('\n');
    }

    const ports = seqAt(document, [...path, 'ports']);
    if (!(container.ports ?? []).some((item) => item.name === 'graceful')) {
      ports.items.push(document.createNode({name: 'graceful', containerPort: port}));
    }

    if (document.getIn([...path, 'readinessProbe']) === undefined) {
      node.set(
        'readinessProbe',
        document.createNode({
          httpGet: {path: '/readyz', port: 'graceful'},
          periodSeconds: 2,
          failureThreshold: 1,
        }),
      );
    }
  }

  mapAt(document, workload.specPath).set('terminationGracePeriodSeconds', plan.gracePeriodSeconds);
  setMeshAnnotations(document, workload, plan, port);
  return `wrapper set in container ${targets.map((item) => item.name).join(', ')} (${describePlan(plan)})`;
};
