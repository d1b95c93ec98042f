import {readAnnotations} from './annotations.ts';
import {
  type IngressInfo,
  isStrictPeerAuthentication,
  type ObjectHead,
  readIngress,
  readService,
  readTargetGroupBinding,
  type ServiceInfo,
  type TargetGroupBindingInfo,
} from './cluster-objects.ts';
import {type PodSpec, readPodSpec} from './pod-spec.ts';
import {
  type At,
  child,
  ManifestError,
  optionalList,
  optionalMap,
  optionalString,
  type Path,
  readMap,
  readString,
  readStringMap,
} from './shape.ts';

export {parseIstioDrainMs} from './annotations.ts';
export type {IngressInfo, ServiceInfo, TargetGroupBindingInfo} from './cluster-objects.ts';
export {documentValue, parseDocuments, throwOnSyntaxError} from './documents.ts';
export type {ContainerSpec, Handler, PodSpec} from './pod-spec.ts';

// A pod template (or a Pod) found in a manifest.
export interface Workload {
  // `Deployment/web`, for messages.
  resource: string;
  document: number;
  namespace: string | undefined;
  // Where the template's metadata and spec are in the document.
  metadataPath: Path;
  specPath: Path;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
}

// An object `plan --check` does not look into.
export interface Skipped {
  resource: string;
  document: number;
  reason: string;
}

// Everything read from the manifests.
export interface Manifests {
  objects: number;
  workloads: Workload[];
  services: ServiceInfo[];
  ingresses: IngressInfo[];
  targetGroupBindings: TargetGroupBindingInfo[];
  // True when an Istio PeerAuthentication with mtls.mode STRICT is among them.
  strictMtls: boolean;
  skipped: Skipped[];
}

// Where each workload kind keeps its pod template.
const TEMPLATES: Record<string, Path> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
  // Argo Rollouts (argoproj.io/v1alpha1), unless it points at a Deployment with workloadRef.
  Rollout: ['spec', 'template'],
};

const dig = (value: unknown, path: Path, at: At): {value: unknown; at: At} => {
  let current = value;
  let here = at;
  for (const segment of path) {
    current = readMap(current, here)[segment as string];
    here = child(here, segment);
  }

  return {value: current, at: here};
};

const readHead = (value: unknown, at: At): ObjectHead => {
  const map = readMap(value, at);
  if (map.kind === undefined || map.apiVersion === undefined) {
    throw new ManifestError(at, 'not a Kubernetes object: expected apiVersion and kind');
  }

  const kind = readString(map.kind, child(at, 'kind'));
  const apiVersion = readString(map.apiVersion, child(at, 'apiVersion'));
  const metadata = optionalMap(map.metadata, child(at, 'metadata'));
  const name = optionalString(metadata?.name, child(child(at, 'metadata'), 'name'));
  const namespace = optionalString(metadata?.namespace, child(child(at, 'metadata'), 'namespace'));
  return {kind, apiVersion, name, namespace, resource: `${kind}/${name ?? '(unnamed)'}`, map};
};

const readWorkload = (head: ObjectHead, at: At, templatePath: Path): Workload => {
  const template = dig(head.map, templatePath, at);
  const templateMap = readMap(template.value, template.at);
  const metadataAt = child(template.at, 'metadata');
  const metadata = optionalMap(templateMap.metadata, metadataAt);
  const specAt = child(template.at, 'spec');
  return {
    resource: head.resource,
    document: at.document,
    namespace: head.namespace,
    metadataPath: metadataAt.path,
    specPath: specAt.path,
    labels: readStringMap(metadata?.labels, child(metadataAt, 'labels')),
    annotations: readAnnotations(metadata?.annotations, child(metadataAt, 'annotations')),
    spec: readPodSpec(templateMap.spec, specAt),
  };
};

const readObject = (value: unknown, at: At, manifests: Manifests): void => {
  const head = readHead(value, at);
  // `kubectl get -o yaml` wraps its objects in a List; DeploymentList and the like hold items too.
  if (head.kind === 'List' || (head.kind.endsWith('List') && Array.isArray(head.map.items))) {
    optionalList(head.map.items, child(at, 'items'), (item, here) => readObject(item, here, manifests));
    return;
  }

  manifests.objects++;
  const templatePath = TEMPLATES[head.kind];
  if (head.kind === 'Pod' && head.apiVersion === 'v1') {
    manifests.workloads.push(readPod(head, at));
  } else if (
    head.kind === 'Rollout' &&
    readMap(head.map.spec ?? {}, child(at, 'spec')).workloadRef !== undefined
  ) {
    manifests.skipped.push({
      resource: head.resource,
      document: at.document,
      reason: 'its pod template is the workloadRef Deployment: check that one',
    });
  } else if (templatePath !== undefined) {
    manifests.workloads.push(readWorkload(head, at, templatePath));
  } else if (head.kind === 'Service' && head.apiVersion === 'v1') {
    manifests.services.push(readService(head, at));
  } else if (head.kind === 'Ingress') {
    manifests.ingresses.push(readIngress(head, at));
  } else if (head.kind === 'TargetGroupBinding') {
    manifests.targetGroupBindings.push(readTargetGroupBinding(head, at));
  } else if (head.kind === 'PeerAuthentication') {
    manifests.strictMtls ||= isStrictPeerAuthentication(head, at);
  } else {
    manifests.skipped.push({resource: head.resource, document: at.document, reason: 'no pod template'});
  }
};

const readPod = (head: ObjectHead, at: At): Workload => {
  const metadataAt = child(at, 'metadata');
  const metadata = optionalMap(head.map.metadata, metadataAt);
  const specAt = child(at, 'spec');
  return {
    resource: head.resource,
    document: at.document,
    namespace: head.namespace,
    metadataPath: metadataAt.path,
    specPath: specAt.path,
    labels: readStringMap(metadata?.labels, child(metadataAt, 'labels')),
    annotations: readAnnotations(metadata?.annotations, child(metadataAt, 'annotations')),
    spec: readPodSpec(head.map.spec, specAt),
  };
};

// Reads parsed documents (empty ones skipped) into what the checks need; throws a ManifestError naming the
// document and path of the first value Kubernetes would reject.
export const readManifests = (documents: unknown[]): Manifests => {
  const manifests: Manifests = {
    objects: 0,
    workloads: [],
    services: [],
    ingresses: [],
    targetGroupBindings: [],
    strictMtls: false,
    skipped: [],
  };
  documents.forEach((value, index) => {
    if (value !== null && value !== undefined) {
      readObject(value, {document: index + 1, path: []}, manifests);
    }
  });
  return manifests;
};
