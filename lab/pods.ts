import {mkdir} from 'node:fs/promises';
import {setTimeout as sleep} from 'node:timers/promises';
import {DEFAULT_GRACE_PERIOD_MS, stopBudgetMs} from '../src/kubernetes/facts.ts';
import type {EventLog} from './events.ts';
import {nsPids, signalPid, spawnInNs} from './exec.ts';
import {addPodNetwork, removePodNetwork} from './network.ts';
import type {ReadinessProbe} from './probe.ts';
import {probeListening} from './readiness.ts';
import type {Topology} from './topology.ts';
// Where a pod runs: what its command may need to know (configs go in dir).
export interface PodContext {
  name: string;
  index: number;
  ns: string;
  address: string;
  dir: string;
}

// A pod to start: PID 1's argv, and the termination settings of its spec.
export interface PodSpec {
  command: string[] | ((pod: PodContext) => string[] | Promise<string[]>);
  env?: Record<string, string>;
  // preStop: {sleep: {seconds}}: delays SIGTERM, counted against the grace period.
  preStopSleepMs?: number;
  // terminationGracePeriodSeconds, in ms.
  gracePeriodMs?: number;
  // The TCP readiness probe's port.
  port?: number;
  // An HTTP readiness probe instead, followed for the pod's whole life: its endpoint comes and goes with it.
  readiness?: ReadinessProbe;
}

// A running pod: PID 1, its output, and promises for its exit and for its IP being released.
export interface Pod extends PodContext {
  spec: PodSpec;
  pid: number;
  hostInterface: string;
  output: () => string;
  exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
}

// Creates the pod's namespace and IP, then starts PID 1 in it, with output captured.
export const launchPod = async (
  topology: Topology,
  labDir: string,
  index: number,
  spec: PodSpec,
  log: EventLog,
): Promise<Pod> => {
  const network = await addPodNetwork(topology, index);
  const context: PodContext = {
    name: `pod${index}`,
    index,
    ns: network.ns,
    address: network.address,
    dir: `${labDir}/pod${index}`,
  };
  await mkdir(context.dir, {recursive: true});
  const argv = typeof spec.command === 'function' ? await spec.command(context) : spec.command;
  const process1 = spawnInNs(network.ns, argv, spec.env);
  const exited = process1.exited.then((result) => {
    log.record('pod-exited', context.name, result.signal ?? `exit ${result.code}`);
    return result;
  });
  log.record('pod-started', context.name, argv.join(' '));
  return {
    ...context,
    spec,
    pid: process1.pid,
    hostInterface: network.hostInterface,
    output: () => process1.stdout() + process1.stderr(),
    exited,
  };
};

// Waits until the pod listens on its port (a TCP readiness probe every 20 ms) or throws at the deadline.
export const waitForReady = async (pod: Pod, log: EventLog, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void pod.exited.then(() => {
    exited = true;
  });
  while (!(await probeListening(pod.pid, pod.ns, pod.spec.port ?? 80))) {
    if (exited || Date.now() > deadline) {
      throw new Error(
        `${pod.name} did not become ready within ${timeoutMs} ms (exited: ${exited}): ${pod.output()}`,
      );
    }

    await sleep(20);
  }

  log.record('pod-ready', pod.name);
};

// Waits until no process is left in the namespace.
const waitForEmpty = async (ns: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while ((await nsPids(ns)).length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`processes still run in ${ns} after ${timeoutMs} ms`);
    }

    await sleep(10);
  }
};

// The kubelet's side of a pod deletion: preStop sleep, SIGTERM to PID 1, SIGKILL to every process of the
// pod when the grace period ends, the rest of the pod killed once PID 1 is gone (its PID namespace dies
// with it), and only when nothing runs any more the IP and namespace released (CNI DEL).
export const terminatePod = async (topology: Topology, pod: Pod, log: EventLog): Promise<void> => {
  const startMs = Date.now();
  const gracePeriodMs = pod.spec.gracePeriodMs ?? DEFAULT_GRACE_PERIOD_MS;
  const preStopMs = Math.min(pod.spec.preStopSleepMs ?? 0, gracePeriodMs);
  if (preStopMs > 0) {
    await sleep(preStopMs);
  }

  const budgetMs = stopBudgetMs(gracePeriodMs, Date.now() - startMs);
  log.record('sigterm', pod.name);
  signalPid(pod.pid, 'SIGTERM');
  const timer = new AbortController();
  const outcome = await Promise.race([
    pod.exited.then(() => 'exited' as const),
    sleep(budgetMs, 'grace period over' as const, {signal: timer.signal}).catch(() => 'exited' as const),
  ]);
  timer.abort();
  if (outcome !== 'exited') {
    log.record('sigkill', pod.name, `after ${gracePeriodMs} ms`);
  }

  for (const pid of await nsPids(pod.ns)) {
    signalPid(pid, 'SIGKILL');
  }

  await pod.exited;
  await waitForEmpty(pod.ns, 10_000);
  await removePodNetwork(topology, pod.ns, pod.hostInterface);
  log.record('pod-gone', pod.name, `${Date.now() - startMs} ms after delete`);
};
