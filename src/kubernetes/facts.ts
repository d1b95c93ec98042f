/*
The Kubernetes, mesh and load-balancer facts graceful's timings and checks rest on, in one place for plan, inject,
the lab and the tests. Sources are kubelet code (kubernetes/kubernetes), the defaults of kubeadm's CoreDNS and the
issues named beside each; the README's "Why these numbers" and "What plan --check knows" list the same.
*/

// terminationGracePeriodSeconds when the pod spec sets none (k8s.io/api core/v1 types.go).
export const DEFAULT_GRACE_PERIOD_MS = 30_000;

// The least the kubelet gives a container's stop signal after its preStop hook, however long the hook took
// (pkg/kubelet/kuberuntime/kuberuntime_container.go, minimumGracePeriodInSeconds).
export const MIN_CONTAINER_GRACE_MS = 2_000;

// kubeadm's Corefile: `ttl 30` and `cache 30`, so a deleted pod's A record may be served this long.
export const KUBEADM_DNS_TTL_MS = 30_000;

// EndpointSlice updates take a second or two to reach CoreDNS.
export const ENDPOINT_PROPAGATION_MS = 2_000;

// What the kubelet leaves of the grace period for the stop signal once `elapsedMs` have gone to preStop.
export const stopBudgetMs = (gracePeriodMs: number, elapsedMs: number): number =>
  Math.max(gracePeriodMs - elapsedMs, MIN_CONTAINER_GRACE_MS);

// Istio's pilot-agent exits terminationDrainDuration after SIGTERM, 5 s by default (ProxyConfig; istio#34855).
export const ISTIO_DEFAULT_TERMINATION_DRAIN_MS = 5_000;
// The pod annotation that sets Istio's ProxyConfig per pod.
export const ISTIO_PROXY_CONFIG = 'proxy.istio.io/config';
// Ports the Istio sidecar does not capture: a plaintext kubelet preStop GET must bypass STRICT mTLS.
export const ISTIO_EXCLUDE_INBOUND_PORTS = 'traffic.sidecar.istio.io/excludeInboundPorts';
// Linkerd's proxy refuses new requests on TERM unless this delays it (seconds, default 0).
export const LINKERD_WAIT_BEFORE_EXIT = 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds';

// The load balancers graceful knows, for --lb.
export type LoadBalancer = 'aws-nlb' | 'aws-alb' | 'gke';
// Every load balancer, for --lb.
export const LOAD_BALANCERS: LoadBalancer[] = ['aws-nlb', 'aws-alb', 'gke'];

// How long a load balancer keeps sending new connections to a pod after it began terminating.
export const LOAD_BALANCER_DRAIN: Record<LoadBalancer, {ms: number; source: string}> = {
  // NLB IP targets take about 2 minutes to stop receiving new connections, whatever the deregistration delay.
  'aws-nlb': {
    ms: 120_000,
    source:
      'AWS NLB IP targets keep receiving new connections for about 2m (aws-load-balancer-controller #2366, #3270)',
  },
  // ALB kept sending about 17 s after the target began draining.
  'aws-alb': {
    ms: 17_000,
    source:
      'AWS ALB kept sending about 17s after the target began draining (aws-load-balancer-controller #2366)',
  },
  // The GKE L4 passthrough LB health-checks every 3 s and needs 2 failures: 6-12 s.
  gke: {ms: 12_000, source: 'the GKE load balancer health-checks every 3s and needs 2 failures: up to 12s'},
};

// The meshes graceful knows, for --mesh.
export type Mesh = 'istio' | 'linkerd';
// Every mesh, for --mesh.
export const MESHES: Mesh[] = ['istio', 'linkerd'];
