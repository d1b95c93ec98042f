import {
  type At,
  child,
  optionalBoolean,
  optionalList,
  optionalMap,
  optionalString,
  readMap,
  readString,
  readStringMap,
} from './shape.ts';

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

// An object's kind, name and namespace, read and checked once.
export interface ObjectHead {
  kind: string;
  apiVersion: string;
  name: string | undefined;
  namespace: string | undefined;
  resource: string;
  map: Record<string, unknown>;
}

// Reads one object of its kind.
export const readService = (head: ObjectHead, at: At): ServiceInfo => {
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

// Reads one object of its kind.
export const readIngress = (head: ObjectHead, at: At): IngressInfo => {
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

// Reads one object of its kind.
export const readTargetGroupBinding = (head: ObjectHead, at: At): TargetGroupBindingInfo => {
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

// Reads one object of its kind.
export const isStrictPeerAuthentication = (head: ObjectHead, at: At): boolean => {
  const spec = optionalMap(head.map.spec, child(at, 'spec'));
  const mtls = optionalMap(spec?.mtls, child(child(at, 'spec'), 'mtls'));
  return optionalString(mtls?.mode, child(child(child(at, 'spec'), 'mtls'), 'mode')) === 'STRICT';
};
