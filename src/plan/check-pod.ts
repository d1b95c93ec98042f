import {formatDuration, parseDuration} from '../config/duration.ts';
import {parseSignal} from '../config/signal.ts';
import {DEFAULT_HEALTH_PORT} from '../health/options.ts';
import type {Mesh} from '../kubernetes/facts.ts';
import {
  DEFAULT_DRAIN_MS,
  DEFAULT_REFUSE_MS,
  DEFAULT_SHUTDOWN_SIGNALS,
  DEFAULT_STOP_TIMEOUT_MS,
} from '../phases/defaults.ts';
import type {GracefulUse} from './graceful-use.ts';
import type {ContainerSpec, Workload} from './manifest.ts';
import {detectServer, isStockImage, SERVER_PROFILES, type ServerKind} from './servers.ts';

// One thing found in a manifest: a problem (exit 1) or a note (worth knowing, exit 0).
export interface Finding {
  level: 'problem' | 'note';
  resource: string;
  container: string | undefined;
  message: string;
}

// What the user tells `plan --check` that the manifests cannot show.
export interface CheckOptions {
  // The mesh injected namespace-wide (--mesh).
  mesh?: Mesh | undefined;
  // Overrides for the server detected from each image (--server, --server-stop).
  server?: ServerKind | undefined;
  serverStopMs?: number | undefined;
}

const f = formatDuration;

// Records one finding about a container (or the pod, with undefined).
export type Report = (level: Finding['level'], container: ContainerSpec | undefined, message: string) => void;

// How long a container's own preStop hook takes, when it is a sleep (KEP-3960) or an exec of `sleep N`.
export const preStopSleepMs = (container: ContainerSpec): number | undefined => {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep !== undefined) {
    return preStop.sleep.seconds * 1_000;
  }

  const match = /(?:^|[\s/;&|])sleep\s+(\d+(?:\.\d+)?)(?:s|\s|$|;)/.exec(
    (preStop?.exec?.command ?? []).join(' '),
  );
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1_000);
};

// The server a container runs, and how long it takes to stop.
export const serverStopOf = (
  container: ContainerSpec,
  command: string[],
  options: CheckOptions,
): {server: ServerKind; stopMs: number} => {
  const argv = command.length > 0 ? command : [...(container.command ?? []), ...(container.args ?? [])];
  const server = options.server ?? detectServer(container.image, argv);
  return {server, stopMs: options.serverStopMs ?? SERVER_PROFILES[server].stopMs};
};

// graceful's windows in one container, with any value graceful itself would refuse reported.
const readWindows = (use: GracefulUse, container: ContainerSpec, report: Report) => {
  const duration = (name: string, fallbackMs: number): number => {
    const text = use.options[name];
    const ms = text === undefined ? fallbackMs : parseDuration(text);
    if (ms === undefined) {
      report(
        'problem',
        container,
        `--${name} ${JSON.stringify(text)} is no duration: graceful would refuse to start`,
      );
      return fallbackMs;
    }

    return ms;
  };
  return {
    drainMs: duration('drain', DEFAULT_DRAIN_MS),
    stopTimeoutMs: duration('stop-timeout', DEFAULT_STOP_TIMEOUT_MS),
    refuseMs: duration('refuse', DEFAULT_REFUSE_MS),
    declaredGraceMs:
      use.options['grace-period'] === undefined ? undefined : parseDuration(use.options['grace-period']),
  };
};

// How graceful protects a pod: the container that runs it, its options and the windows the checks compare.
export interface Protection {
  container: ContainerSpec;
  use: GracefulUse;
  drainMs: number;
  // From SIGTERM to the server's end, for the proxy of a mesh: drain + the server's stop.
  servingMs: number;
}

// The wrapper's rules: the budget with preStop time, stacked sleeps, stop signals, stock images.
export const checkWrapper = (
  container: ContainerSpec,
  use: GracefulUse,
  gracePeriodMs: number,
  options: CheckOptions,
  report: Report,
): Protection => {
  const {drainMs, stopTimeoutMs, refuseMs} = readWindows(use, container, report);
  // preStop time counts against terminationGracePeriodSeconds (kuberuntime_container.go).
  const preStopMs = preStopSleepMs(container) ?? 0;
  const totalMs = preStopMs + drainMs + stopTimeoutMs + refuseMs;
  if (totalMs > gracePeriodMs) {
    const parts = [...(preStopMs > 0 ? [f(preStopMs)] : []), f(drainMs), f(stopTimeoutMs), f(refuseMs)];
    report(
      'problem',
      container,
      `${preStopMs > 0 ? 'preStop + ' : ''}drain + stop-timeout + refuse (${parts.join(' + ')} = ${f(totalMs)}) exceed terminationGracePeriodSeconds (${f(gracePeriodMs)}): the kubelet SIGKILLs first`,
    );
  }

  if (preStopSleepMs(container) !== undefined) {
    report(
      'problem',
      container,
      `a preStop sleep delays SIGTERM and stacks on graceful's ${f(drainMs)} drain: remove it (or shorten --drain by as much)`,
    );
  }

  const {server} = serverStopOf(container, use.command, options);
  const profile = SERVER_PROFILES[server];
  const stopSignal = parseSignal(use.options['stop-signal'] ?? 'SIGTERM');
  if (stopSignal !== undefined && profile.fastSignals.includes(stopSignal)) {
    report(
      'problem',
      container,
      `${server} is stopped with ${stopSignal}, its fast stop that drops requests in flight: set --stop-signal ${profile.stopSignal}`,
    );
  }

  // The kubelet sends lifecycle.stopSignal (or the image's STOPSIGNAL); graceful forwards anything but its
  // shutdown signals, so the drain would never start.
  const kubeletSignal = container.lifecycle?.stopSignal;
  const shutdownSignals = (use.options['shutdown-signals'] ?? DEFAULT_SHUTDOWN_SIGNALS.join(','))
    .split(',')
    .map((item) => parseSignal(item.trim()));
  if (kubeletSignal !== undefined && !shutdownSignals.includes(parseSignal(kubeletSignal))) {
    report(
      'problem',
      container,
      `lifecycle.stopSignal ${kubeletSignal} is not one of graceful's --shutdown-signals: graceful forwards it at once and never drains; use SIGTERM`,
    );
  }

  if (isStockImage(container.image)) {
    report(
      'problem',
      container,
      `${container.image} is the stock image, which has no graceful binary: use the sidecar (graceful inject) or an image that copies graceful in (COPY --from=graceful:binary /graceful /usr/local/bin/graceful)`,
    );
  }

  return {container, use, drainMs, servingMs: drainMs + stopTimeoutMs};
};

// The sidecar's rules: native, hooked, the budget with each server's real stop, stacked sleeps, stop signals.
export const checkSidecar = (
  container: ContainerSpec,
  use: GracefulUse,
  workload: Workload,
  gracePeriodMs: number,
  options: CheckOptions,
  report: Report,
): Protection => {
  const {spec} = workload;
  if (!spec.initContainers.includes(container) || container.restartPolicy !== 'Always') {
    report(
      'problem',
      container,
      'graceful sidecar is not a native sidecar: make it an init container with restartPolicy: Always, or it gets SIGTERM together with the server and cannot keep the pod IP afterwards',
    );
  }

  const {drainMs, refuseMs} = readWindows(use, container, report);
  const port = use.options['health-port'] ?? String(DEFAULT_HEALTH_PORT);
  const isHooked = (item: ContainerSpec): boolean => {
    const httpGet = item.lifecycle?.preStop?.httpGet;
    return httpGet?.path === '/prestop' && String(httpGet.port) === port;
  };
  if (!spec.containers.some(isHooked)) {
    report(
      'problem',
      container,
      `no container has lifecycle.preStop.httpGet {path: /prestop, port: ${port}}: the drain never starts before the server gets SIGTERM`,
    );
  }

  // Each main container: its preStop (the drain when hooked, else its own sleep), then its server's stop; the
  // sidecar's refuse starts once the last has exited (KEP-753).
  let longestMs = 0;
  let longestParts = '';
  for (const item of spec.containers) {
    const preStopMs = isHooked(item) ? drainMs : (preStopSleepMs(item) ?? 0);
    const {server, stopMs} = serverStopOf(item, [], options);
    if (preStopMs + stopMs > longestMs) {
      longestMs = preStopMs + stopMs;
      longestParts = `${f(preStopMs)} ${isHooked(item) ? 'drain' : 'preStop'} + ${f(stopMs)} ${server} stop`;
    }
  }

  const totalMs = longestMs + refuseMs;
  if (totalMs > gracePeriodMs) {
    report(
      'problem',
      container,
      `${longestParts} + ${f(refuseMs)} refuse = ${f(totalMs)} exceed terminationGracePeriodSeconds (${f(gracePeriodMs)}): the kubelet SIGKILLs first`,
    );
  }

  for (const item of spec.containers.filter((each) => preStopSleepMs(each) !== undefined)) {
    report(
      'problem',
      item,
      `a preStop sleep stacks on graceful's ${f(drainMs)} drain: use only the /prestop httpGet`,
    );
  }

  for (const item of spec.containers) {
    const {server} = serverStopOf(item, [], options);
    const stopSignal = parseSignal(item.lifecycle?.stopSignal ?? '');
    const profile = SERVER_PROFILES[server];
    if (stopSignal !== undefined && profile.fastSignals.includes(stopSignal)) {
      report(
        'problem',
        item,
        `${server} is stopped with ${stopSignal}, its fast stop: keep the image's STOPSIGNAL ${profile.stopSignal}`,
      );
    }
  }

  return {container, use, drainMs, servingMs: longestMs};
};
