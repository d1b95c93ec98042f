/*
The Kubernetes facts graceful's timings rest on, in one place for plan, the lab and the test fixtures. Sources are
kubelet code (kubernetes/kubernetes) and the defaults of kubeadm's CoreDNS; see the README's "Why these numbers".
*/

// terminationGracePeriodSeconds when the pod spec sets none.
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
