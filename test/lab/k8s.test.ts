import {afterEach, describe, expect, test} from 'vitest';
import {CLI, type ClientResult, startClient} from '../../lab/clients.ts';
import type {Lab} from '../../lab/lab.ts';
import {createLab} from '../../lab/lab.ts';
import type {PodContext, PodSpec} from '../../lab/pods.ts';
import {HEADLESS_CLIENTS, PROPAGATION_MS, STALENESS_MS, TTL_SECONDS} from '../../lab/scenarios.ts';
import {gracefulNginx, KUBELET_POD, nginxCommand} from '../../lab/servers.ts';
import {missing} from '../helpers/prerequisites.ts';

const HEALTH_PORT = 8090;
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

// nginx from its untouched image, graceful beside it as a native sidecar, the kubelet's order in between.
const sidecarPod = (sidecarFlags: string[], gracePeriodMs: number): PodSpec => ({
  gracePeriodMs: gracePeriodMs + 5_000,
  command: async (pod: PodContext) => [
    process.execPath,
    KUBELET_POD,
    JSON.stringify({
      sidecar: [process.execPath, CLI, 'sidecar', '--health-port', String(HEALTH_PORT), ...sidecarFlags],
      healthPort: HEALTH_PORT,
      main: await nginxCommand(pod),
      // The official nginx image's STOPSIGNAL.
      mainStopSignal: 'SIGQUIT',
      gracePeriodMs,
    }),
  ],
});

// graceful around nginx with a quiet drain of 1 s and at most drainMs.
const quietNginx = (drainMs: number): PodSpec => ({
  gracePeriodMs: 30_000,
  command: gracefulNginx([
    ...['--drain', `${drainMs}ms`, '--quiet', '1s'],
    ...['--stop-signal', 'SIGQUIT', '--stop-timeout', '2s', '--refuse', '1s'],
  ]),
});

const kubeletSteps = (output: string): Record<string, number> =>
  Object.fromEntries(
    [...output.matchAll(/^kubelet: (.+) (\d+)$/gm)].map((match) => [match[1], Number(match[2])]),
  );

describe.skipIf(missing('root', 'netns', 'nginx', 'dnsmasq'))('pod lab: Kubernetes-native modes', () => {
  test('sidecar in the kubelet order: preStop held for the drain, nginx stopped after it, the sidecar last; zero failed dials', async () => {
    const cluster = await headlessLab();
    const drainMs = STALENESS_MS;
    const spec = sidecarPod(['--drain', `${drainMs}ms`, '--refuse', '1s'], 20_000);
    const old = await cluster.startPod(spec);
    await cluster.waitForEndpoints();
    await cluster.startClients(HEADLESS_CLIENTS);
    const [fresh] = await cluster.rollingUpdate(spec);
    const results = await cluster.stopClients();
    expect(results.map((result) => [result.name, failures(result)])).toEqual(
      HEADLESS_CLIENTS.map((client) => [client.name, 0]),
    );

    const steps = kubeletSteps(old.output());
    expect(steps['prestop answered 200']).toBeGreaterThanOrEqual(drainMs - 50);
    expect(steps['main exited']).toBeGreaterThanOrEqual(steps['prestop answered 200'] ?? Number.NaN);
    expect(steps['sidecar exited']).toBeGreaterThanOrEqual((steps['main exited'] ?? Number.NaN) + 950);
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
