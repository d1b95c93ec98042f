import {type Document, parseAllDocuments} from 'yaml';
import {parseDuration} from '../config/duration.ts';
import {ISTIO_PROXY_CONFIG, LINKERD_WAIT_BEFORE_EXIT} from './facts.ts';
import {
  type At,
  child,
  ManifestError,
  optionalBoolean,
  optionalInteger,
  optionalList,
  optionalMap,
  optionalString,
  optionalStrings,
  type Path,
  readMap,
  readPort,
  readString,
  readStringMap,
} from './shape.ts';

// A preStop handler: what the kubelet runs before the stop signal.
export interface Handler {
  sleep?: {seconds: number};
  exec?: {command: string[]};
  httpGet?: {path?: string; port: number | string; host?: string};
}

// The fields of a container that `plan --check` and `inject` read, checked against Kubernetes' types.
export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: {name: string; value?: string}[];
  restartPolicy?: string;
  ports?: {name?: string; containerPort: number; protocol?: string}[];
  lifecycle?: {preStop?: Handler; stopSignal?: string};
}

// The fields of a pod spec that `plan --check` and `inject` read.
export interface PodSpec {
  terminationGracePeriodSeconds?: number;
  hostNetwork?: boolean;
  initContainers: ContainerSpec[];
  containers: ContainerSpec[];
}

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

// A Service, as far as DNS and load balancers go.
export interface ServiceInfo {
  resource: string;
  name: string;
  namespace: string | undefined;
  selector: Record<string, string>;
  headless: boolean;
  publishNotReadyAddresses: boolean;
  type: string | undefined;
  externalTrafficPolicy: string | undefined;
  loadBalancerClass: string | undefined;
  annotations: Record<string, string>;
}

// An Ingress: its class, annotations and the Services it sends to.
export interface IngressInfo {
  resource: string;
  namespace: string | undefined;
  className: string | undefined;
  annotations: Record<string, string>;
  services: string[];
}

// An AWS TargetGroupBinding (elbv2.k8s.aws): a target group fed from a Service's endpoints.
export interface TargetGroupBindingInfo {
  resource: string;
  namespace: string | undefined;
  service: string;
  targetType: string | undefined;
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

// Throws a ManifestError for the first syntax error of a parsed document, naming the document and the line.
export const throwOnSyntaxError = (document: Document, index: number): void => {
  const [error] = document.errors;
  if (error !== undefined) {
    const line = error.linePos?.[0].line;
    throw new ManifestError(
      {document: index + 1, path: []},
      `${line === undefined ? '' : `line ${line}: `}${error.message.split('\n')[0]?.replace(/:$/, '')}`,
    );
  }
};

// Parses every document of a YAML stream into plain values; a syntax error names its document and line.
export const parseDocuments = (text: string): unknown[] =>
  parseAllDocuments(text).map((document, index) => {
    throwOnSyntaxError(document, index);
    return documentValue(document, index);
  });

// The plain value of a parsed document; an alias without its anchor names the document.
export const documentValue = (document: Document, index: number): unknown => {
  try {
    return document.toJS({maxAliasCount: 1_000}) as unknown;
  } catch (error) {
    throw new ManifestError({document: index + 1, path: []}, (error as Error).message.split('\n')[0] ?? '');
  }
};

const readHandler = (value: unknown, at: At): Handler | undefined => {
  const map = optionalMap(value, at);
  if (map === undefined) {
    return undefined;
  }

  const handler: Handler = {};
  const sleep = optionalMap(map.sleep, child(at, 'sleep'));
  if (sleep !== undefined) {
    handler.sleep = {seconds: optionalInteger(sleep.seconds, child(child(at, 'sleep'), 'seconds')) ?? 0};
  }

  const exec = optionalMap(map.exec, child(at, 'exec'));
  if (exec !== undefined) {
    handler.exec = {command: optionalStrings(exec.command, child(child(at, 'exec'), 'command')) ?? []};
  }

  const httpGet = optionalMap(map.httpGet, child(at, 'httpGet'));
  if (httpGet !== undefined) {
    const here = child(at, 'httpGet');
    const path = optionalString(httpGet.path, child(here, 'path'));
    const host = optionalString(httpGet.host, child(here, 'host'));
    handler.httpGet = {
      port: readPort(httpGet.port, child(here, 'port')),
      ...(path === undefined ? {} : {path}),
      ...(host === undefined ? {} : {host}),
    };
  }

  return handler;
};

const readContainer = (value: unknown, at: At): ContainerSpec => {
  const map = readMap(value, at);
  const container: ContainerSpec = {name: readString(map.name, child(at, 'name'))};
  const image = optionalString(map.image, child(at, 'image'));
  const command = optionalStrings(map.command, child(at, 'command'));
  const args = optionalStrings(map.args, child(at, 'args'));
  const restartPolicy = optionalString(map.restartPolicy, child(at, 'restartPolicy'));
  const env = optionalList(map.env, child(at, 'env'), (item, here) => {
    const variable = readMap(item, here);
    const name = readString(variable.name, child(here, 'name'));
    const text = optionalString(variable.value, child(here, 'value'));
    return text === undefined ? {name} : {name, value: text};
  });
  const ports = optionalList(map.ports, child(at, 'ports'), (item, here) => {
    const port = readMap(item, here);
    const containerPort = readPort(port.containerPort, child(here, 'containerPort'));
    if (typeof containerPort !== 'number') {
      throw new ManifestError(
        child(here, 'containerPort'),
        `expected a port number, got ${JSON.stringify(containerPort)}`,
      );
    }

    const name = optionalString(port.name, child(here, 'name'));
    const protocol = optionalString(port.protocol, child(here, 'protocol'));
    return {
      containerPort,
      ...(name === undefined ? {} : {name}),
      ...(protocol === undefined ? {} : {protocol}),
    };
  });
  const lifecycle = optionalMap(map.lifecycle, child(at, 'lifecycle'));
  if (lifecycle !== undefined) {
    const preStop = readHandler(lifecycle.preStop, child(child(at, 'lifecycle'), 'preStop'));
    const stopSignal = optionalString(lifecycle.stopSignal, child(child(at, 'lifecycle'), 'stopSignal'));
    container.lifecycle = {
      ...(preStop === undefined ? {} : {preStop}),
      ...(stopSignal === undefined ? {} : {stopSignal}),
    };
  }

  return Object.assign(
    container,
    image === undefined ? {} : {image},
    command === undefined ? {} : {command},
    args === undefined ? {} : {args},
    restartPolicy === undefined ? {} : {restartPolicy},
    env === undefined ? {} : {env},
    ports === undefined ? {} : {ports},
  );
};

const readPodSpec = (value: unknown, at: At): PodSpec => {
  const map = readMap(value, at);
  const containers = optionalList(map.containers, child(at, 'containers'), readContainer);
  if (containers === undefined || containers.length === 0) {
    throw new ManifestError(child(at, 'containers'), 'expected a list of at least one container, got none');
  }

  const spec: PodSpec = {
    containers,
    initContainers: optionalList(map.initContainers, child(at, 'initContainers'), readContainer) ?? [],
  };
  const grace = optionalInteger(
    map.terminationGracePeriodSeconds,
    child(at, 'terminationGracePeriodSeconds'),
  );
  const hostNetwork = optionalBoolean(map.hostNetwork, child(at, 'hostNetwork'));
  return Object.assign(
    spec,
    grace === undefined ? {} : {terminationGracePeriodSeconds: grace},
    hostNetwork === undefined ? {} : {hostNetwork},
  );
};

// Checks the mesh annotations graceful reads, so that the checks can trust them.
const readAnnotations = (value: unknown, at: At): Record<string, string> => {
  const annotations = readStringMap(value, at);
  const proxyConfig = annotations[ISTIO_PROXY_CONFIG];
  if (proxyConfig !== undefined) {
    parseIstioDrainMs(proxyConfig, child(at, ISTIO_PROXY_CONFIG));
  }

  const wait = annotations[LINKERD_WAIT_BEFORE_EXIT];
  if (wait !== undefined && !/^\d+$/.test(wait)) {
    throw new ManifestError(
      child(at, LINKERD_WAIT_BEFORE_EXIT),
      `expected a whole number of seconds, got ${JSON.stringify(wait)}`,
    );
  }

  return annotations;
};

// terminationDrainDuration from a proxy.istio.io/config annotation (YAML or JSON), undefined when it sets none.
export const parseIstioDrainMs = (text: string, at: At): number | undefined => {
  let config: unknown;
  try {
    config = parseDocuments(text)[0];
  } catch {
    throw new ManifestError(at, `expected ProxyConfig as YAML or JSON, got ${JSON.stringify(text)}`);
  }

  const map = optionalMap(config, at);
  const duration = optionalString(map?.terminationDrainDuration, child(at, 'terminationDrainDuration'));
  if (duration === undefined) {
    return undefined;
  }

  const ms = parseDuration(duration);
  if (ms === undefined) {
    throw new ManifestError(
      child(at, 'terminationDrainDuration'),
      `expected a duration such as 45s, got ${JSON.stringify(duration)}`,
    );
  }

  return ms;
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

interface ObjectHead {
  kind: string;
  apiVersion: string;
  name: string | undefined;
  namespace: string | undefined;
  resource: string;
  map: Record<string, unknown>;
}

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

const readService = (head: ObjectHead, at: At): ServiceInfo => {
  const spec = optionalMap(head.map.spec, child(at, 'spec')) ?? {};
  const specAt = child(at, 'spec');
  const metadata = optionalMap(head.map.metadata, child(at, 'metadata'));
  return {
    resource: head.resource,
    name: head.name ?? '',
    namespace: head.namespace,
    selector: readStringMap(spec.selector, child(specAt, 'selector')),
    headless: optionalString(spec.clusterIP, child(specAt, 'clusterIP')) === 'None',
    publishNotReadyAddresses:
      optionalBoolean(spec.publishNotReadyAddresses, child(specAt, 'publishNotReadyAddresses')) ?? false,
    type: optionalString(spec.type, child(specAt, 'type')),
    externalTrafficPolicy: optionalString(spec.externalTrafficPolicy, child(specAt, 'externalTrafficPolicy')),
    loadBalancerClass: optionalString(spec.loadBalancerClass, child(specAt, 'loadBalancerClass')),
    annotations: readStringMap(metadata?.annotations, child(child(at, 'metadata'), 'annotations')),
  };
};

// The Service names an Ingress sends to (defaultBackend and every rule's paths).
const ingressServices = (spec: Record<string, unknown>, at: At): string[] => {
  const serviceOf = (backend: unknown, here: At): string[] => {
    const service = optionalMap(optionalMap(backend, here)?.service, child(here, 'service'));
    const name = optionalString(service?.name, child(child(here, 'service'), 'name'));
    return name === undefined ? [] : [name];
  };
  const rules = optionalList(spec.rules, child(at, 'rules'), (rule, here) => {
    const http = optionalMap(optionalMap(rule, here)?.http, child(here, 'http'));
    const paths = optionalList(http?.paths, child(child(here, 'http'), 'paths'), (item, pathAt) =>
      serviceOf(readMap(item, pathAt).backend, child(pathAt, 'backend')),
    );
    return (paths ?? []).flat();
  });
  return [...serviceOf(spec.defaultBackend, child(at, 'defaultBackend')), ...(rules ?? []).flat()];
};

const readIngress = (head: ObjectHead, at: At): IngressInfo => {
  const specAt = child(at, 'spec');
  const spec = optionalMap(head.map.spec, specAt) ?? {};
  const metadata = optionalMap(head.map.metadata, child(at, 'metadata'));
  return {
    resource: head.resource,
    namespace: head.namespace,
    className: optionalString(spec.ingressClassName, child(specAt, 'ingressClassName')),
    annotations: readStringMap(metadata?.annotations, child(child(at, 'metadata'), 'annotations')),
    services: ingressServices(spec, specAt),
  };
};

const readTargetGroupBinding = (head: ObjectHead, at: At): TargetGroupBindingInfo => {
  const specAt = child(at, 'spec');
  const spec = readMap(head.map.spec, specAt);
  const serviceRef = readMap(spec.serviceRef, child(specAt, 'serviceRef'));
  return {
    resource: head.resource,
    namespace: head.namespace,
    service: readString(serviceRef.name, child(child(specAt, 'serviceRef'), 'name')),
    targetType: optionalString(spec.targetType, child(specAt, 'targetType')),
  };
};

const isStrictPeerAuthentication = (head: ObjectHead, at: At): boolean => {
  const spec = optionalMap(head.map.spec, child(at, 'spec'));
  const mtls = optionalMap(spec?.mtls, child(child(at, 'spec'), 'mtls'));
  return optionalString(mtls?.mode, child(child(child(at, 'spec'), 'mtls'), 'mode')) === 'STRICT';
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
