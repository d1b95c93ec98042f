// Kubernetes, mesh and load-balancer facts that graceful's checks rest on, each with its source.
// /work/shared/KUBERNETES.md and the README's "What plan --check knows" list the same numbers.

// PodSpec.terminationGracePeriodSeconds defaults to 30 (k8s.io/api core/v1 types.go).
export const DEFAULT_GRACE_PERIOD_S = 30;
// The kubelet gives a container at least 2 s after its preStop hook (pkg/kubelet/kuberuntime/
// kuberuntime_container.go, minimumGracePeriodInSeconds).
export const MIN_CONTAINER_GRACE_MS = 2_000;
// graceful's own health port and drain readiness, declared once beside its health options.
export {DEFAULT_HEALTH_PORT, type DrainReadiness} from '../config/health-options.ts';

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

// The option of `graceful` and `graceful sidecar` that keeps /readyz 200 during the drain.
export const DRAIN_READINESS_FLAG = '--drain-readiness';
