import type {EventLog} from './events.ts';
import {hasExited, type NsProcess} from './exec.ts';
import type {ReadinessProbe} from './probe.ts';
import {waitForListening} from './readiness.ts';

// Where a pod runs: what its commands may need to know (configs go in dir).
export interface PodContext {
  name: string;
  index: number;
  ns: string;
  address: string;
  dir: string;
}

// lifecycle.preStop: a sleep (KEP-3960), or an httpGet to the pod IP that the kubelet holds until it answers.
export type PreStop = {sleepMs: number} | {httpGet: {port: number; path: string}};

// One container of a pod spec: its argv and how the kubelet stops it.
export interface ContainerSpec {
  name: string;
  command: string[] | ((pod: PodContext) => string[] | Promise<string[]>);
  env?: Record<string, string>;
  // The image's STOPSIGNAL; SIGTERM when unset.
  stopSignal?: NodeJS.Signals;
  preStop?: PreStop;
  // A tcpSocket startup probe: the containers after this one start once it listens on this port.
  startupPort?: number;
}

// A pod to start: its containers and the termination settings of its spec.
export interface PodSpec {
  // Native sidecars (init containers with restartPolicy: Always, KEP-753), in start order.
  sidecars?: ContainerSpec[];
  containers: ContainerSpec[];
  // terminationGracePeriodSeconds, in ms.
  gracePeriodMs?: number;
  // The TCP readiness probe's port, on the first main container.
  port?: number;
  // An HTTP readiness probe instead, followed for the pod's whole life: its endpoint comes and goes with it.
  readiness?: ReadinessProbe;
}

// A running container: its spec, its current process and every process it ran (a restart adds one).
export interface Container {
  spec: ContainerSpec;
  process: NsProcess;
  runs: NsProcess[];
}

// A pod whose network the kubelet made: its containers as the spec lists them, and everything they printed.
export interface Pod extends PodContext {
  spec: PodSpec;
  hostInterface: string;
  sidecars: Container[];
  containers: Container[];
  output: () => string;
}

// Every container of the pod, sidecars first.
export const allContainers = (pod: Pod): Container[] => [...pod.sidecars, ...pod.containers];

// Whether a container of the pod has exited (before it was ready, the pod failed to start).
export const anyExited = (pod: Pod): boolean =>
  allContainers(pod).some((container) => hasExited(container.process));

// Waits until the first main container listens on the pod's port (a TCP readiness probe every 20 ms) or throws.
export const waitForReady = async (pod: Pod, log: EventLog, timeoutMs = 15_000): Promise<void> => {
  const [main] = pod.containers;
  if (main === undefined || !(await waitForListening(main.process, pod.ns, pod.spec.port ?? 80, timeoutMs))) {
    throw new Error(
      `${pod.name} did not become ready within ${timeoutMs} ms (exited: ${anyExited(pod)}): ${pod.output()}`,
    );
  }

  log.record('pod-ready', pod.name);
};
