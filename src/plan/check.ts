import {formatDuration, parseDuration} from '../config/duration.ts';
import {DEFAULT_GRACE_PERIOD_MS} from '../kubernetes/facts.ts';
import {checkLoadBalancers, checkMesh} from './check-cluster.ts';
import {
  type CheckOptions,
  checkSidecar,
  checkWrapper,
  type Finding,
  type Protection,
  type Report,
} from './check-pod.ts';
import {exposureOf} from './cluster.ts';
import {readGracefulUse} from './graceful-use.ts';
import type {Manifests, Workload} from './manifest.ts';

export {type CheckOptions, type Finding, preStopSleepMs, serverStopOf} from './check-pod.ts';

const f = formatDuration;

// Every rule for one pod template: graceful's own settings, then the mesh and load balancers around it.
const checkWorkload = (
  workload: Workload,
  manifests: Manifests,
  options: CheckOptions,
  report: Report,
): void => {
  const {spec} = workload;
  const gracePeriodMs =
    spec.terminationGracePeriodSeconds === undefined
      ? DEFAULT_GRACE_PERIOD_MS
      : spec.terminationGracePeriodSeconds * 1_000;
  const protections: Protection[] = [];
  for (const container of [...spec.initContainers, ...spec.containers]) {
    const use = readGracefulUse(container);
    if (use === undefined) {
      continue;
    }

    const declaredMs =
      use.options['grace-period'] === undefined ? undefined : parseDuration(use.options['grace-period']);
    if (declaredMs !== undefined && declaredMs !== gracePeriodMs) {
      report(
        'problem',
        container,
        `--grace-period ${f(declaredMs)} differs from terminationGracePeriodSeconds (${f(gracePeriodMs)})`,
      );
    }

    protections.push(
      use.mode === 'sidecar'
        ? checkSidecar(container, use, workload, gracePeriodMs, options, report)
        : checkWrapper(container, use, gracePeriodMs, options, report),
    );
  }

  const [protection] = protections;
  if (protection === undefined) {
    const headless = exposureOf(workload, manifests).services.find((service) => service.headless);
    if (headless !== undefined) {
      report(
        'note',
        undefined,
        `behind headless ${headless.resource} without graceful: clients holding a deleted pod's IP hang until their connect timeout (graceful inject adds the sidecar)`,
      );
    }

    return;
  }

  checkMesh(workload, protection, manifests, options, report);
  checkLoadBalancers(workload, protection, manifests, report);
};

// Every problem and note about graceful's timings and pod settings in these manifests.
export const checkManifests = (manifests: Manifests, options: CheckOptions = {}): Finding[] => {
  const findings: Finding[] = [];
  for (const workload of manifests.workloads) {
    checkWorkload(workload, manifests, options, (level, container, message) => {
      findings.push({level, resource: workload.resource, container: container?.name, message});
    });
  }

  for (const service of manifests.services.filter((item) => item.headless && item.publishNotReadyAddresses)) {
    findings.push({
      level: 'problem',
      resource: service.resource,
      container: undefined,
      message:
        'headless Service with publishNotReadyAddresses: true keeps terminating pods in DNS: no drain window can help',
    });
  }

  return findings;
};

// One line per finding: `Deployment/web container server: message`, notes prefixed with `note: `.
export const formatFinding = ({level, resource, container, message}: Finding): string =>
  `${level === 'note' ? 'note: ' : ''}${resource}${container === undefined ? '' : ` container ${container}`}: ${message}`;
