import {mkdir} from 'node:fs/promises';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {DEFAULT_GRACE_PERIOD_MS} from '../src/kubernetes/facts.ts';
import type {EventLog} from './events.ts';
import {exitsWithin, hasExited, type NsProcess, nsPids, signalPid, spawnInNs, waitForEmpty} from './exec.ts';
import {stepLimitMs, stopStages} from './kubelet-steps.ts';
import {addPodNetwork, removePodNetwork} from './network.ts';
import {allContainers, type Container, type ContainerSpec, type Pod, type PodSpec} from './pods.ts';
import {waitForListening} from './readiness.ts';
import type {Topology} from './topology.ts';

const HOOK_CLIENT = fileURLToPath(new URL('./hook-client.ts', import.meta.url));

// How long a native sidecar may take to listen on its startup port.
const STARTUP_TIMEOUT_MS = 10_000;

// The lab's kubelet, on the node side: every container of a pod is a process it starts in the pod's network
// namespace, and every hook it calls goes from the node namespace to the pod IP.
export interface Kubelet {
  // CNI ADD: the pod's namespace, veth, IP and folder; no container runs yet.
  createPod: (index: number, spec: PodSpec) => Promise<Pod>;
  // Starts the native sidecars one by one, each once the one before listens on its startup port, then the
  // main containers.
  startContainers: (pod: Pod) => Promise<void>;
  // Deletes the pod: every container's preStop hook at once, the stop signals in KEP-753's order, SIGKILL to
  // what outlives its budget, then whatever the containers left behind; CNI DEL once nothing runs.
  killPod: (pod: Pod) => Promise<void>;
  // Restarts a main container as after a failed liveness probe: its preStop hook and stop signal, delayMs for
  // the runtime, then a new process, while the rest of the pod runs on.
  restartContainer: (pod: Pod, name: string, delayMs?: number) => Promise<void>;
}

// Makes the kubelet of one lab's node; its steps go to log.
export const createKubelet = (topology: Topology, labDir: string, log: EventLog): Kubelet => {
  const deleting = new WeakSet<Pod>();
  const restarts = new Map<Container, Promise<void>>();

  // Starts one process of a container, with output captured.
  const run = async (pod: Pod, spec: ContainerSpec): Promise<NsProcess> => {
    const argv = typeof spec.command === 'function' ? await spec.command(pod) : spec.command;
    const started = spawnInNs(pod.ns, argv, spec.env);
    log.record('container-started', pod.name, argv.join(' '), spec.name);
    void started.exited.then((result) =>
      log.record('container-exited', pod.name, result.signal ?? `exit ${result.code}`, spec.name),
    );
    return started;
  };

  const start = async (pod: Pod, spec: ContainerSpec): Promise<Container> => {
    const started = await run(pod, spec);
    return {spec, process: started, runs: [started]};
  };

  // The preStop hook, within limitMs: a sleep, or a GET from the node namespace held until it is answered.
  const runPreStop = async (pod: Pod, spec: ContainerSpec, limitMs: number): Promise<void> => {
    const hook = spec.preStop;
    if (hook === undefined) {
      return;
    }

    if ('sleepMs' in hook) {
      log.record('prestop', pod.name, `sleep ${hook.sleepMs} ms`, spec.name);
      await sleep(Math.min(hook.sleepMs, limitMs));
      log.record('prestop-done', pod.name, 'slept', spec.name);
      return;
    }

    const url = `http://${pod.address}:${hook.httpGet.port}${hook.httpGet.path}`;
    log.record('prestop', pod.name, `GET ${url}`, spec.name);
    const call = spawnInNs(topology.nodeNs, [process.execPath, HOOK_CLIENT, url]);
    const ended = await exitsWithin(call, limitMs);
    // Abandoned, not retried, once the grace period is spent.
    call.kill();
    const outcome = ended ? call.stdout().trim() || 'no answer' : `abandoned after ${limitMs} ms`;
    log.record('prestop-done', pod.name, outcome, spec.name);
  };

  // The kubelet's killContainer, startMs being when the pod's (or this container's) stop began: the preStop
  // hook, then, once `before` has settled, the stop signal, and SIGKILL when its budget is spent.
  const stopContainer = async (
    pod: Pod,
    container: Container,
    startMs: number,
    before: Promise<unknown> = Promise.resolve(),
  ): Promise<void> => {
    const running = container.process;
    const {name} = container.spec;
    if (hasExited(running)) {
      return;
    }

    const gracePeriodMs = pod.spec.gracePeriodMs ?? DEFAULT_GRACE_PERIOD_MS;
    await runPreStop(pod, container.spec, stepLimitMs('prestop', gracePeriodMs, Date.now() - startMs));
    await before;
    if (hasExited(running)) {
      return;
    }

    const signal = container.spec.stopSignal ?? 'SIGTERM';
    log.record('stop-signal', pod.name, signal, name);
    signalPid(running.pid, signal);
    if (await exitsWithin(running, stepLimitMs('stop-signal', gracePeriodMs, Date.now() - startMs))) {
      return;
    }

    // The time actually waited since the pod's deletion, which the grace period bounds.
    log.record(
      'sigkill',
      pod.name,
      `after ${Date.now() - startMs} ms (grace period ${gracePeriodMs} ms)`,
      name,
    );
    signalPid(running.pid, 'SIGKILL');
    await running.exited;
  };

  return {
    createPod: async (index, spec) => {
      const network = await addPodNetwork(topology, index);
      const pod: Pod = {
        name: `pod${index}`,
        index,
        ns: network.ns,
        address: network.address,
        dir: `${labDir}/pod${index}`,
        spec,
        hostInterface: network.hostInterface,
        sidecars: [],
        containers: [],
        output: () =>
          allContainers(pod)
            .flatMap((container) => container.runs)
            .map((started) => started.stdout() + started.stderr())
            .join(''),
      };
      await mkdir(pod.dir, {recursive: true});
      return pod;
    },

    startContainers: async (pod) => {
      for (const spec of pod.spec.sidecars ?? []) {
        const sidecar = await start(pod, spec);
        pod.sidecars.push(sidecar);
        const port = spec.startupPort;
        if (
          port !== undefined &&
          !(await waitForListening(sidecar.process, pod.ns, port, STARTUP_TIMEOUT_MS))
        ) {
          throw new Error(
            `${pod.name}: ${spec.name} did not listen on ${port} within ${STARTUP_TIMEOUT_MS} ms: ${pod.output()}`,
          );
        }
      }

      for (const spec of pod.spec.containers) {
        pod.containers.push(await start(pod, spec));
      }
    },

    killPod: async (pod) => {
      const startMs = Date.now();
      deleting.add(pod);
      const stopped: Promise<unknown>[] = [];
      for (const stage of stopStages(pod.sidecars, pod.containers)) {
        const before = Promise.all(stopped);
        stopped.push(Promise.all(stage.map((container) => stopContainer(pod, container, startMs, before))));
      }

      await Promise.all(stopped);
      // What the containers left behind dies with their PID namespaces.
      for (const pid of await nsPids(pod.ns)) {
        signalPid(pid, 'SIGKILL');
      }

      await waitForEmpty(pod.ns, 10_000);
      await removePodNetwork(topology, pod.ns, pod.hostInterface);
      log.record('pod-gone', pod.name, `${Date.now() - startMs} ms after delete`);
    },

    restartContainer: async (pod, name, delayMs = 0) => {
      const container = pod.containers.find((candidate) => candidate.spec.name === name);
      if (container === undefined) {
        throw new Error(`${pod.name} has no main container ${name}`);
      }

      const pending = restarts.get(container);
      if (pending !== undefined) {
        return pending;
      }

      log.record('restart', pod.name, undefined, name);
      const restart = (async () => {
        await stopContainer(pod, container, Date.now());
        // The runtime's time to create and start the new container.
        await sleep(delayMs);
        if (!deleting.has(pod)) {
          container.process = await run(pod, container.spec);
          container.runs.push(container.process);
        }
      })().finally(() => restarts.delete(container));
      restarts.set(container, restart);
      return restart;
    },
  };
};
