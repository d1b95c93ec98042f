import {
  ISTIO_PROXY_CONFIG,
  LINKERD_WAIT_BEFORE_EXIT,
  type LoadBalancer,
  type Mesh,
} from '../kubernetes/facts.ts';
import type {Manifests, ServiceInfo, Workload} from './manifest.ts';

// What stands between clients and a pod: the Services that select it and the load balancers behind them.
export interface Exposure {
  services: ServiceInfo[];
  // The load balancers that send to the pod, each with the object that says so.
  loadBalancers: {lb: LoadBalancer; via: string}[];
  // A Service with externalTrafficPolicy: Local selecting the pod.
  localTraffic: ServiceInfo | undefined;
}

// An object without a namespace is applied to whatever namespace kubectl is given: it may be anyone's.
const sameNamespace = (a: string | undefined, b: string | undefined): boolean =>
  a === undefined || b === undefined || a === b;

// True when the Service's selector picks the workload's pods.
export const selects = (service: ServiceInfo, workload: Workload): boolean =>
  sameNamespace(service.namespace, workload.namespace) &&
  Object.keys(service.selector).length > 0 &&
  Object.entries(service.selector).every(([key, value]) => workload.labels[key] === value);

const AWS_LB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const AWS_NLB_TARGET_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
const ALB_TARGET_TYPE = 'alb.ingress.kubernetes.io/target-type';
const GKE_NEG = 'cloud.google.com/neg';
const GKE_L4_RBS = 'cloud.google.com/l4-rbs';
const GKE_LB_TYPE = 'networking.gke.io/load-balancer-type';

// The AWS load balancer controller sends an NLB straight to pod IPs with target type ip (or the older `nlb-ip`).
const isAwsNlbIp = (service: ServiceInfo): boolean =>
  service.annotations[AWS_LB_TYPE] === 'nlb-ip' ||
  (service.annotations[AWS_NLB_TARGET_TYPE] === 'ip' &&
    (service.annotations[AWS_LB_TYPE] !== undefined ||
      service.loadBalancerClass === 'service.k8s.aws/nlb' ||
      service.type === 'LoadBalancer'));

const isGke = (service: ServiceInfo): boolean =>
  service.annotations[GKE_NEG] !== undefined ||
  (service.type === 'LoadBalancer' &&
    (service.annotations[GKE_L4_RBS] !== undefined || service.annotations[GKE_LB_TYPE] !== undefined));

// The Services that select the workload and the load balancers that reach it through them.
export const exposureOf = (workload: Workload, manifests: Manifests): Exposure => {
  const services = manifests.services.filter((service) => selects(service, workload));
  const loadBalancers: Exposure['loadBalancers'] = [];
  for (const service of services) {
    if (isAwsNlbIp(service)) {
      loadBalancers.push({lb: 'aws-nlb', via: service.resource});
    }

    if (isGke(service)) {
      loadBalancers.push({lb: 'gke', via: service.resource});
    }
  }

  const named = (name: string, namespace: string | undefined): ServiceInfo | undefined =>
    services.find((service) => service.name === name && sameNamespace(service.namespace, namespace));
  for (const ingress of manifests.ingresses) {
    const alb = ingress.className === 'alb' || ingress.annotations['kubernetes.io/ingress.class'] === 'alb';
    for (const name of ingress.services) {
      const service = named(name, ingress.namespace);
      const targetType = ingress.annotations[ALB_TARGET_TYPE] ?? service?.annotations[ALB_TARGET_TYPE];
      if (alb && service !== undefined && targetType === 'ip') {
        loadBalancers.push({lb: 'aws-alb', via: ingress.resource});
      }
    }
  }

  // A target group may belong to an NLB or an ALB; the NLB's 2 minutes are the safe assumption.
  for (const binding of manifests.targetGroupBindings) {
    if (binding.targetType !== 'instance' && named(binding.service, binding.namespace) !== undefined) {
      loadBalancers.push({lb: 'aws-nlb', via: binding.resource});
    }
  }

  return {
    services,
    loadBalancers,
    localTraffic: services.find(
      (service) =>
        service.externalTrafficPolicy === 'Local' &&
        (service.type === 'LoadBalancer' || service.type === 'NodePort'),
    ),
  };
};

// The mesh whose proxy runs in the workload's pods: from its annotations and labels, or `forced` (--mesh, for
// namespace-wide injection that the manifests do not show); an explicit opt-out wins.
export const meshOf = (workload: Workload, forced: Mesh | undefined): Mesh | undefined => {
  const {annotations, labels} = workload;
  const names = [...workload.spec.initContainers, ...workload.spec.containers].map((item) => item.name);
  const istioInject = annotations['sidecar.istio.io/inject'] ?? labels['sidecar.istio.io/inject'];
  const linkerdInject = annotations['linkerd.io/inject'];
  if (
    istioInject === 'true' ||
    labels['istio.io/rev'] !== undefined ||
    annotations[ISTIO_PROXY_CONFIG] !== undefined ||
    names.includes('istio-proxy')
  ) {
    return 'istio';
  }

  if (
    linkerdInject === 'enabled' ||
    annotations[LINKERD_WAIT_BEFORE_EXIT] !== undefined ||
    names.includes('linkerd-proxy')
  ) {
    return 'linkerd';
  }

  if (
    (forced === 'istio' && istioInject === 'false') ||
    (forced === 'linkerd' && linkerdInject === 'disabled')
  ) {
    return undefined;
  }

  return forced;
};
