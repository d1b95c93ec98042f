import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {type Client, type ClientResult, type ClientSpec, startClient} from './clients.ts';
import {createClusterIp, publishClusterIp} from './cluster-ip.ts';
import {type Dns, startDns} from './dns.ts';
import {createEventLog, type EventLog} from './events.ts';
import {createKubelet} from './kubelet.ts';
import {type Load, type LoadResult, startLoad} from './load.ts';
import {createNetwork, destroyNamespace, destroyNetwork, removeStaleLabs} from './network.ts';
import {anyExited, type Pod, type PodSpec, waitForReady} from './pods.ts';
import {type Prober, startProber} from './probe.ts';
import {createTopology, type Topology} from './topology.ts';

// How the lab's Service reaches pods: DNS A records of pod IPs, or one virtual IP DNATed by iptables.
export type ServiceKind = 'headless' | 'clusterip';

// Lab settings; short timings keep tests fast.
export interface LabOptions {
  service?: ServiceKind;
  // TTL of the Service's DNS records.
  ttlSeconds?: number;
  // Delay between a pod's readiness change (ready, deleted) and DNS / iptables reflecting it.
  propagationMs?: number;
  // The Service's port (pods listen on it).
  port?: number;
}

// A one-machine cluster: see lab/README.md.
export interface Lab {
  topology: Topology;
  options: Required<LabOptions>;
  log: EventLog;
  // What clients dial: `web.lab.svc.cluster.local:80` (headless) or `10.96.0.10:80` (ClusterIP).
  target: string;
  pods: () => Pod[];
  // Starts a pod and waits until it is ready; its endpoint is published propagationMs later.
  startPod: (spec: PodSpec) => Promise<Pod>;
  // Resolves once every ready pod's endpoint is published (DNS and iptables).
  waitForEndpoints: () => Promise<void>;
  // Deletes a pod: endpoint removed after propagationMs while the kubelet terminates it; resolves once its
  // IP is gone.
  deletePod: (pod: Pod) => Promise<void>;
  // The kubelet restarts one of the pod's main containers (a failed liveness probe); the new one starts
  // delayMs after the old one exited. Resolves once it started.
  restartContainer: (pod: Pod, container: string, delayMs?: number) => Promise<void>;
  // For each old pod: start a new one from spec, wait until ready, delete the old one (maxSurge 1,
  // maxUnavailable 0). Resolves once every old pod is gone.
  rollingUpdate: (spec: PodSpec, old?: Pod[]) => Promise<Pod[]>;
  // Starts `graceful dial` clients in the client namespace; resolves once each has dialed once.
  startClients: (specs: ClientSpec[]) => Promise<Client[]>;
  // Stops (Ctrl-C) every running client and returns what each saw.
  stopClients: () => Promise<ClientResult[]>;
  // Starts an HTTP load client (lab/load-client.ts) keeping `concurrency` GETs of the Service in flight.
  startLoad: (name: string, concurrency?: number) => Promise<Load>;
  // Stops every load client and returns what each saw.
  stopLoads: () => Promise<LoadResult[]>;
  // Kills everything the lab started and removes its namespaces, files and rules. Safe to call twice.
  destroy: () => Promise<void>;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

// Builds a lab: node and client namespaces, dnsmasq, and the ClusterIP chain when asked for.
export const createLab = async (input: LabOptions = {}): Promise<Lab> => {
  const options: Required<LabOptions> = {
    service: 'headless',
    ttlSeconds: 1,
    propagationMs: 1_000,
    port: 80,
    ...input,
  };
  await removeStaleLabs(isAlive);
  const topology = createTopology(process.pid, Math.floor(Math.random() * 36 ** 4));
  const log = createEventLog();
  const dir = await mkdtemp(join(tmpdir(), `graceful-lab-${topology.id}-`));
  const kubelet = createKubelet(topology, dir, log);
  const pods: Pod[] = [];
  const published = new Set<Pod>();
  const pendingEndpoints = new Set<Promise<void>>();
  const deletions = new Map<Pod, Promise<void>>();
  let clients: Client[] = [];
  let loads: Load[] = [];
  const probers: Prober[] = [];
  let dns: Dns | undefined;
  let destroyed = false;

  const destroy = async (): Promise<void> => {
    if (destroyed) {
      return;
    }

    destroyed = true;
    for (const client of [...clients, ...loads, ...probers]) {
      client.kill();
    }

    dns?.stop();
    for (const pod of pods) {
      await destroyNamespace(pod.ns);
    }

    await destroyNetwork(topology);
    await rm(dir, {recursive: true, force: true});
  };

  // Publishes the current endpoints; calls are chained so that an older list never overwrites a newer one.
  let publishing = Promise.resolve();
  const publish = (): Promise<void> => {
    publishing = publishing.then(async () => {
      const addresses = pods.filter((pod) => published.has(pod)).map((pod) => pod.address);
      if (options.service === 'headless') {
        await dns?.publish(addresses);
      } else {
        await publishClusterIp(topology, options.port, addresses);
      }
    });
    return publishing;
  };

  // The control plane's delay: EndpointSlice → CoreDNS / kube-proxy.
  const propagate = (pod: Pod, ready: boolean): Promise<void> => {
    const done = (async () => {
      await sleep(options.propagationMs);
      if (destroyed) {
        return;
      }

      if (ready) {
        published.add(pod);
      } else {
        published.delete(pod);
      }

      await publish();
      log.record(ready ? 'endpoint-added' : 'endpoint-removed', pod.name);
    })();
    pendingEndpoints.add(done);
    void done.finally(() => pendingEndpoints.delete(done));
    return done;
  };

  try {
    await createNetwork(topology);
    dns = await startDns(topology, dir, options.ttlSeconds);
    if (options.service === 'clusterip') {
      await createClusterIp(topology);
    }
  } catch (error) {
    await destroy();
    throw error;
  }

  // Follows the pod's HTTP readiness probe like the kubelet and the endpoints controller: each change is
  // published propagationMs later, until the pod is deleted. Resolves once it is first ready.
  const followReadiness = async (pod: Pod, probe: NonNullable<PodSpec['readiness']>): Promise<void> => {
    let everReady = false;
    probers.push(
      startProber(topology.nodeNs, pod.address, probe, (isReady) => {
        if (destroyed || deletions.has(pod) || (!everReady && !isReady)) return;
        everReady = true;
        log.record(isReady ? 'pod-ready' : 'pod-unready', pod.name);
        void propagate(pod, isReady);
      }),
    );
    const timeoutMs = 15_000;
    const deadline = Date.now() + timeoutMs;
    while (!everReady) {
      if (anyExited(pod) || Date.now() > deadline) {
        throw new Error(
          `${pod.name} was not ready within ${timeoutMs} ms (exited: ${anyExited(pod)}): ${pod.output()}`,
        );
      }

      await sleep(20);
    }
  };

  const startPod = async (spec: PodSpec): Promise<Pod> => {
    const pod = await kubelet.createPod(pods.length + 1, spec);
    pods.push(pod);
    await kubelet.startContainers(pod);
    if (spec.readiness !== undefined) {
      await followReadiness(pod, spec.readiness);
      return pod;
    }

    await waitForReady(pod, log);
    void propagate(pod, true);
    return pod;
  };

  const deletePod = (pod: Pod): Promise<void> => {
    const existing = deletions.get(pod);
    if (existing !== undefined) {
      return existing;
    }

    log.record('delete', pod.name);
    const deletion = Promise.all([propagate(pod, false), kubelet.killPod(pod)]).then(() => undefined);
    deletions.set(pod, deletion);
    return deletion;
  };

  const target =
    options.service === 'headless'
      ? `${topology.serviceName}:${options.port}`
      : `${topology.clusterIp}:${options.port}`;
  return {
    topology,
    options,
    log,
    target,
    pods: () => [...pods],
    startPod,
    waitForEndpoints: async () => {
      while (pendingEndpoints.size > 0) {
        await Promise.all(pendingEndpoints);
      }
    },
    deletePod,
    restartContainer: kubelet.restartContainer,
    rollingUpdate: async (spec, old = pods.filter((pod) => !deletions.has(pod))) => {
      const started: Pod[] = [];
      for (const pod of old) {
        started.push(await startPod(spec));
        void deletePod(pod);
      }

      await Promise.all(old.map((pod) => deletions.get(pod)));
      return started;
    },
    startClients: async (specs) => {
      const started = specs.map((spec) => startClient(topology.clientNs, target, spec));
      clients = [...clients, ...started];
      await Promise.all(started.map((client) => client.waitForChange()));
      return started;
    },
    stopClients: async () => {
      const results = await Promise.all(clients.map((client) => client.stop()));
      clients = [];
      return results;
    },
    startLoad: async (name, concurrency = 50) => {
      const load = startLoad(topology.clientNs, name, `http://${target}/`, concurrency);
      loads.push(load);
      await load.waitForStart();
      return load;
    },
    stopLoads: async () => {
      const results = await Promise.all(loads.map((load) => load.stop()));
      loads = [];
      return results;
    },
    destroy,
  };
};
