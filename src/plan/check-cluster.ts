import {formatDuration} from '../config/duration.ts';
import {DEFAULT_DRAIN_READINESS, DEFAULT_HEALTH_PORT, DRAIN_READINESS_OPTION} from '../health/options.ts';
import {
  ISTIO_DEFAULT_TERMINATION_DRAIN_MS,
  ISTIO_EXCLUDE_INBOUND_PORTS,
  ISTIO_PROXY_CONFIG,
  LINKERD_WAIT_BEFORE_EXIT,
  LOAD_BALANCER_DRAIN,
} from '../kubernetes/facts.ts';
import type {CheckOptions, Protection, Report} from './check-pod.ts';
import {exposureOf, meshOf} from './cluster.ts';
import {type Manifests, parseIstioDrainMs, type Workload} from './manifest.ts';

const f = formatDuration;

// Istio's pilot-agent exits terminationDrainDuration after SIGTERM (5 s by default, istio#34855); Linkerd's
// proxy refuses new requests on TERM unless proxy-wait-before-exit-seconds delays it.
export const checkMesh = (
  workload: Workload,
  protection: Protection,
  manifests: Manifests,
  options: CheckOptions,
  report: Report,
): void => {
  const mesh = meshOf(workload, options.mesh);
  // A proxy injected as a native sidecar gets SIGTERM only after the server has exited (KEP-753).
  const nativeProxy = workload.spec.initContainers.some(
    (item) => ['istio-proxy', 'linkerd-proxy'].includes(item.name) && item.restartPolicy === 'Always',
  );
  const neededS = Math.ceil(protection.servingMs / 1_000);
  if (mesh === 'istio') {
    const proxyConfig = workload.annotations[ISTIO_PROXY_CONFIG];
    const drainMs =
      (proxyConfig === undefined
        ? undefined
        : parseIstioDrainMs(proxyConfig, {document: workload.document, path: []})) ??
      ISTIO_DEFAULT_TERMINATION_DRAIN_MS;
    if (!nativeProxy && drainMs < protection.servingMs) {
      report(
        'problem',
        undefined,
        `Istio's proxy exits terminationDrainDuration ${f(drainMs)} after SIGTERM, before the server is done (drain + stop = ${f(protection.servingMs)}): set the pod annotation ${ISTIO_PROXY_CONFIG}: '{"terminationDrainDuration": "${neededS}s"}'`,
      );
    }

    const port = protection.use.options['health-port'] ?? String(DEFAULT_HEALTH_PORT);
    const excluded = (workload.annotations[ISTIO_EXCLUDE_INBOUND_PORTS] ?? '')
      .split(',')
      .map((item) => item.trim());
    if (protection.use.mode === 'sidecar' && !excluded.includes(port)) {
      report(
        manifests.strictMtls ? 'problem' : 'note',
        protection.container,
        `the kubelet's preStop GET to port ${port} is plaintext${manifests.strictMtls ? ', which STRICT mTLS rejects' : ' and STRICT mTLS would reject it'}: set the pod annotation ${ISTIO_EXCLUDE_INBOUND_PORTS}: "${port}"`,
      );
    }
  } else if (mesh === 'linkerd') {
    const waitS = Number(workload.annotations[LINKERD_WAIT_BEFORE_EXIT] ?? '0');
    if (!nativeProxy && waitS * 1_000 < protection.servingMs) {
      report(
        'problem',
        undefined,
        `Linkerd's proxy refuses new requests ${waitS}s after SIGTERM, before the server is done (drain + stop = ${f(protection.servingMs)}): set the pod annotation ${LINKERD_WAIT_BEFORE_EXIT}: "${neededS}"`,
      );
    }
  }
};

// Load balancers that keep sending after the pod began terminating, and externalTrafficPolicy: Local, which
// needs the terminating endpoint to stay `serving` (KEP-1669).
export const checkLoadBalancers = (
  workload: Workload,
  protection: Protection,
  manifests: Manifests,
  report: Report,
): void => {
  const exposure = exposureOf(workload, manifests);
  for (const {lb, via} of exposure.loadBalancers) {
    const {ms, source} = LOAD_BALANCER_DRAIN[lb];
    if (protection.drainMs < ms) {
      report(
        'problem',
        protection.container,
        `${via}: ${source}, longer than the ${f(protection.drainMs)} drain: set --drain ${f(ms)} or more (graceful plan --lb ${lb} sizes the grace period too)`,
      );
    }
  }

  const readiness = protection.use.options['drain-readiness'] ?? DEFAULT_DRAIN_READINESS;
  if (exposure.localTraffic !== undefined && readiness !== 'ready') {
    report(
      'problem',
      protection.container,
      `${exposure.localTraffic.resource} has externalTrafficPolicy: Local, whose load balancer needs the terminating pod to stay serving (KEP-1669), but /readyz turns 503 at drain start: set --${DRAIN_READINESS_OPTION.name} ready`,
    );
  }
};
