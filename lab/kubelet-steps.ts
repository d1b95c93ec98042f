// The kubelet's order and limits when it stops containers, as values: what the lab's kubelet (kubelet.ts) follows.
import {stopBudgetMs} from '../src/kubernetes/facts.ts';

// The stages of a pod deletion's stop signals (KEP-753): the main containers together, then each native
// sidecar alone in reverse start order, a stage once the one before has exited.
export const stopStages = <T>(sidecars: readonly T[], mains: readonly T[]): T[][] =>
  [[...mains], ...[...sidecars].reverse().map((sidecar) => [sidecar])].filter((stage) => stage.length > 0);

// What the kubelet allows a step of stopping a container `elapsedMs` after it began: the preStop hook gets what
// is left of the grace period; the stop signal gets that too, but never less than the minimum
// (pkg/kubelet/kuberuntime/kuberuntime_container.go, killContainer).
export const stepLimitMs = (
  step: 'prestop' | 'stop-signal',
  gracePeriodMs: number,
  elapsedMs: number,
): number =>
  step === 'prestop' ? Math.max(gracePeriodMs - elapsedMs, 0) : stopBudgetMs(gracePeriodMs, elapsedMs);
