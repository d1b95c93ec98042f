import {afterEach, describe, expect, test} from 'vitest';
import {type ClientResult, startClient} from '../../lab/clients.ts';
import type {LabEvent} from '../../lab/events.ts';
import type {Lab} from '../../lab/lab.ts';
import {createLab} from '../../lab/lab.ts';
import type {Pod, PodSpec} from '../../lab/pods.ts';
import {HEADLESS_CLIENTS, PROPAGATION_MS, STALENESS_MS, TTL_SECONDS} from '../../lab/scenarios.ts';
import {gracefulNginx, sidecarNginx} from '../../lab/servers.ts';
import {missing} from '../helpers/prerequisites.ts';

const failures = (result: ClientResult): number => result.summary.attempts - result.summary.counts.connected;

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.destroy();
  lab = undefined;
});

const headlessLab = async (): Promise<Lab> => {
  lab = await createLab({service: 'headless', ttlSeconds: TTL_SECONDS, propagationMs: PROPAGATION_MS});
  return lab;
};

// graceful around nginx with a quiet drain of 1 s and at most drainMs.
const quietNginx = (drainMs: number): PodSpec => ({
  gracePeriodMs: 30_000,
  containers: [
    gracefulNginx([
      ...['--drain', `${drainMs}ms`, '--quiet', '1s'],
      ...['--stop-signal', 'SIGQUIT', '--stop-timeout', '2s', '--refuse', '1s'],
    ]),
  ],
});

// ms from the pod's delete to the kubelet's first step `kind` on `container` (NaN when it did not happen).
const stepMs = (events: readonly LabEvent[], pod: Pod, kind: LabEvent['kind'], container: string): number => {
  const ofPod = events.filter((event) => event.pod === pod.name);
  const deleted = ofPod.find((event) => event.kind === 'delete');
  const step = ofPod.find((event) => event.kind === kind && event.container === container);
  return (step?.atMs ?? Number.NaN) - (deleted?.atMs ?? Number.NaN);
};

describe.skipIf(missing('root', 'netns', 'nginx', 'dnsmasq'))('pod lab: Kubernetes-native modes', () => {
  test('sidecar in the kubelet order: preStop held for the drain, nginx stopped after it, the sidecar last; zero failed dials', async () => {
    const cluster = await headlessLab();
    const drainMs = STALENESS_MS;
    const spec = {...sidecarNginx(['--drain', `${drainMs}ms`, '--refuse', '1s']), gracePeriodMs: 20_000};
    const old = await cluster.startPod(spec);
    await cluster.waitForEndpoints();
    await cluster.startClients(HEADLESS_CLIENTS);
    const [fresh] = await cluster.rollingUpdate(spec);
    const results = await cluster.stopClients();
    expect(results.map((result) => [result.name, failures(result)])).toEqual(
      HEADLESS_CLIENTS.map((client) => [client.name, 0]),
    );

    const {events} = cluster.log;
    expect(events.find((event) => event.pod === old.name && event.kind === 'prestop-done')).toMatchObject({
      container: 'nginx',
      detail: 'answered 200',
    });
    const answeredMs = stepMs(events, old, 'prestop-done', 'nginx');
    expect(answeredMs).toBeGreaterThanOrEqual(drainMs - 50);
    expect(stepMs(events, old, 'stop-signal', 'nginx')).toBeGreaterThanOrEqual(answeredMs);
    const mainExitedMs = stepMs(events, old, 'container-exited', 'nginx');
    expect(mainExitedMs).toBeGreaterThanOrEqual(answeredMs);
    // The sidecar's SIGTERM came only after nginx had exited, and it refused for its 1 s before it exited.
    expect(stepMs(events, old, 'stop-signal', 'graceful')).toBeGreaterThanOrEqual(mainExitedMs);
    expect(stepMs(events, old, 'container-exited', 'graceful')).toBeGreaterThanOrEqual(mainExitedMs + 950);
    expect(fresh).toBeDefined();
  });

  test('quiet drain: clients that moved on let the pod leave well before --drain, with zero failed dials', async () => {
    const cluster = await headlessLab();
    const drainMs = 15_000;
    const spec = quietNginx(drainMs);
    await cluster.startPod(spec);
    await cluster.waitForEndpoints();
    await cluster.startClients([{name: 'no cache'}]);
    await cluster.rollingUpdate(spec);
    const results = await cluster.stopClients();
    expect(results.map(failures)).toEqual([0]);
    const lifetimeMs = podLifetime(cluster);
    // DNS forgets the pod after propagation + TTL (2 s); quiet 1 s later the drain ends.
    expect(lifetimeMs).toBeLessThan(drainMs / 2);
  });

  test('quiet drain: a client that keeps arriving keeps the pod until --drain', async () => {
    const cluster = await headlessLab();
    const drainMs = 5_000;
    const spec = quietNginx(drainMs);
    const old = await cluster.startPod(spec);
    await cluster.waitForEndpoints();
    // Pinned to the old pod's IP, like a driver that never looks the name up again.
    const pinned = startClient(cluster.topology.clientNs, `${old.address}:80`, {name: 'pinned'});
    await pinned.waitForChange((change) => change.state === 'connected');
    try {
      await cluster.rollingUpdate(spec);
    } finally {
      await pinned.stop();
    }

    expect(podLifetime(cluster)).toBeGreaterThanOrEqual(drainMs);
  });
});

const podLifetime = (cluster: Lab): number => {
  const deleted = cluster.log.events.find((event) => event.kind === 'delete');
  const gone = cluster.log.events.find((event) => event.kind === 'pod-gone' && event.pod === deleted?.pod);
  return (gone?.atMs ?? Number.NaN) - (deleted?.atMs ?? Number.NaN);
};
