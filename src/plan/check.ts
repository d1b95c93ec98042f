import {formatDuration, parseDuration} from '../config/duration.ts';
import {DEFAULT_HEALTH_PORT} from '../config/health-options.ts';
import {DEFAULT_DRAIN_MS, DEFAULT_REFUSE_MS, DEFAULT_STOP_TIMEOUT_MS} from '../config/options.ts';
import {parseSignal} from '../config/signal.ts';
import {DEFAULT_GRACE_PERIOD_MS, MIN_CONTAINER_GRACE_MS} from '../kubernetes/facts.ts';
import {
  type ContainerSpec,
  describeObject,
  type GracefulUse,
  type K8sObject,
  type PodSpec,
  podSpecOf,
  readGracefulUse,
  runsMongos,
  runsNginx,
} from './manifest.ts';
import {SERVER_PROFILES} from './windows.ts';

// One problem found in a manifest.
export interface Finding {
  resource: string;
  container: string | undefined;
  message: string;
}

const FAST_NGINX_SIGNALS = new Set(['SIGTERM', 'SIGINT']);

const durationOption = (use: GracefulUse, name: string, fallbackMs: number): number =>
  parseDuration(use.options[name] ?? '') ?? fallbackMs;

const hasPreStopSleep = (container: ContainerSpec): boolean => {
  const preStop = container.lifecycle?.preStop;
  const exec = (preStop?.exec?.command ?? []).join(' ');
  return preStop?.sleep !== undefined || /(^|[\s/;&|])sleep(\s|$)/.test(exec);
};

// The server's own stop time when graceful knows the server, else the kubelet's minimum.
const serverStopMs = (container: ContainerSpec): number =>
  runsMongos(container, []) ? SERVER_PROFILES.mongos.stopMs : MIN_CONTAINER_GRACE_MS;

interface Context {
  spec: PodSpec;
  gracePeriodMs: number;
  report: (container: ContainerSpec | undefined, message: string) => void;
}

const checkWrapper = (container: ContainerSpec, use: GracefulUse, {gracePeriodMs, report}: Context): void => {
  const f = formatDuration;
  const drainMs = durationOption(use, 'drain', DEFAULT_DRAIN_MS);
  const stopTimeoutMs = durationOption(use, 'stop-timeout', DEFAULT_STOP_TIMEOUT_MS);
  const refuseMs = durationOption(use, 'refuse', DEFAULT_REFUSE_MS);
  const totalMs = drainMs + stopTimeoutMs + refuseMs;
  if (totalMs > gracePeriodMs) {
    report(
      container,
      `drain + stop-timeout + refuse (${f(drainMs)} + ${f(stopTimeoutMs)} + ${f(refuseMs)} = ${f(totalMs)}) exceed terminationGracePeriodSeconds (${f(gracePeriodMs)}): the kubelet SIGKILLs first`,
    );
  }

  if (hasPreStopSleep(container)) {
    report(
      container,
      `a preStop sleep delays SIGTERM and stacks on graceful's ${f(drainMs)} drain: remove it (or shorten --drain by as much)`,
    );
  }

  const stopSignal = parseSignal(use.options['stop-signal'] ?? 'SIGTERM');
  if (runsNginx(container, use.command) && stopSignal !== undefined && FAST_NGINX_SIGNALS.has(stopSignal)) {
    report(
      container,
      `nginx is stopped with ${stopSignal}, its fast stop that drops requests in flight: set --stop-signal SIGQUIT`,
    );
  }
};

const checkSidecar = (container: ContainerSpec, use: GracefulUse, context: Context): void => {
  const {spec, gracePeriodMs, report} = context;
  const f = formatDuration;
  if (!(spec.initContainers ?? []).includes(container) || container.restartPolicy !== 'Always') {
    report(
      container,
      'graceful sidecar is not a native sidecar: make it an init container with restartPolicy: Always, or it gets SIGTERM together with the server and cannot keep the pod IP afterwards',
    );
  }

  const port = use.options['health-port'] ?? String(DEFAULT_HEALTH_PORT);
  const main = spec.containers ?? [];
  const hooked = main.filter((item) => {
    const httpGet = item.lifecycle?.preStop?.httpGet;
    return httpGet?.path === '/prestop' && String(httpGet.port) === port;
  });
  if (hooked.length === 0) {
    report(
      container,
      `no container has lifecycle.preStop.httpGet {path: /prestop, port: ${port}}: the drain never starts before the server gets SIGTERM`,
    );
  }

  const drainMs = durationOption(use, 'drain', DEFAULT_DRAIN_MS);
  const refuseMs = durationOption(use, 'refuse', DEFAULT_REFUSE_MS);
  const stopMs = Math.max(0, ...main.map(serverStopMs));
  const totalMs = drainMs + stopMs + refuseMs;
  if (totalMs > gracePeriodMs) {
    report(
      container,
      `drain + the server's stop + refuse (${f(drainMs)} + ${f(stopMs)} + ${f(refuseMs)} = ${f(totalMs)}) exceed terminationGracePeriodSeconds (${f(gracePeriodMs)}): the kubelet SIGKILLs first`,
    );
  }

  for (const item of main.filter(hasPreStopSleep)) {
    report(item, `a preStop sleep stacks on graceful's ${f(drainMs)} drain: use only the /prestop httpGet`);
  }

  for (const item of main) {
    const stopSignal = item.lifecycle?.stopSignal;
    if (runsNginx(item, []) && stopSignal !== undefined && FAST_NGINX_SIGNALS.has(stopSignal)) {
      report(item, `nginx is stopped with ${stopSignal}, its fast stop: keep the image's STOPSIGNAL SIGQUIT`);
    }
  }
};

const checkPod = (spec: PodSpec, report: Context['report']): void => {
  const gracePeriodMs =
    spec.terminationGracePeriodSeconds === undefined
      ? DEFAULT_GRACE_PERIOD_MS
      : spec.terminationGracePeriodSeconds * 1_000;
  const context: Context = {spec, gracePeriodMs, report};
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const use = readGracefulUse(container);
    if (use === undefined) {
      continue;
    }

    const declaredMs = parseDuration(use.options['grace-period'] ?? '');
    if (declaredMs !== undefined && declaredMs !== gracePeriodMs) {
      report(
        container,
        `--grace-period ${formatDuration(declaredMs)} differs from terminationGracePeriodSeconds (${formatDuration(gracePeriodMs)})`,
      );
    }

    if (use.mode === 'sidecar') {
      checkSidecar(container, use, context);
    } else {
      checkWrapper(container, use, context);
    }
  }
};

// Every problem with graceful's timings and pod settings in these objects.
export const checkManifests = (objects: K8sObject[]): Finding[] => {
  const findings: Finding[] = [];
  for (const object of objects) {
    const resource = describeObject(object);
    const report = (container: ContainerSpec | undefined, message: string): void => {
      findings.push({resource, container: container?.name, message});
    };
    const spec = podSpecOf(object);
    if (spec !== undefined) {
      checkPod(spec, report);
    }

    if (
      object.kind === 'Service' &&
      object.spec?.clusterIP === 'None' &&
      object.spec.publishNotReadyAddresses
    ) {
      report(
        undefined,
        'headless Service with publishNotReadyAddresses: true keeps terminating pods in DNS: no drain window can help',
      );
    }
  }

  return findings;
};

// One line per finding: `Deployment/web container server: message`.
export const formatFinding = ({resource, container, message}: Finding): string =>
  `${resource}${container === undefined ? '' : ` container ${container}`}: ${message}`;
