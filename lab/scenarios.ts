import {execFile} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';
import {promisify} from 'node:util';
import {CLI, type Client, type ClientResult, type ClientSpec} from './clients.ts';
import {type LabEvent, podLifetimeMs, waitForEvent} from './events.ts';
import {createLab, type Lab, type LabOptions} from './lab.ts';
import type {LoadResult} from './load.ts';
import type {Pod, PodSpec} from './pods.ts';
import {relative, reportOf} from './report.ts';
import {bareNginx, gracefulNginx, SIDECAR_HEALTH_PORT, sidecarNginx} from './servers.ts';

// The shared timings: DNS TTL 1 s, endpoint propagation 1 s, and a JVM-like client cache of 4 s.
export const TTL_SECONDS = 1;
export const PROPAGATION_MS = 1_000;
export const CLIENT_CACHE_MS = 4_000;
// What a client with that cache may still believe after the delete: the drain scenario 3 needs.
export const STALENESS_MS = PROPAGATION_MS + CLIENT_CACHE_MS;

// The three clients of the headless scenarios.
export const HEADLESS_CLIENTS: ClientSpec[] = [
  {name: 'no cache'},
  {name: `cache ${CLIENT_CACHE_MS / 1_000}s`, args: ['--dns-cache', `${CLIENT_CACHE_MS}ms`]},
  {name: 'cache, drop on error', args: ['--dns-cache', `${CLIENT_CACHE_MS}ms`, '--drop-cache-on-error']},
];

// What one scenario measured: clients (or the load client), lab events and the deleted pods' lifetimes.
export interface ScenarioResult {
  id: string;
  title: string;
  startMs: number;
  endMs: number;
  clients: ClientResult[];
  load?: LoadResult;
  events: LabEvent[];
  // From the first delete to the last deleted pod's IP going away.
  podLifetimeMs: number;
  // Everything each pod printed (graceful's log lines, nginx's errors), by pod name.
  podOutputs: Record<string, string>;
  notes: string[];
  // The same rolling update again, with a window the first one's shutdown report suggested.
  retry?: ScenarioResult;
}

// A scenario of the issue: a title and how to run it.
export interface Scenario {
  id: string;
  title: string;
  run: (onLab?: (lab: Lab) => void) => Promise<ScenarioResult>;
}

// What a scenario's body measured; the rest of its result comes from the lab.
type Measured = Pick<ScenarioResult, 'startMs' | 'clients'> & Partial<Pick<ScenarioResult, 'load' | 'notes'>>;

// Runs body on a new lab, always destroys the lab, and adds the lab's events and pod outputs to what the
// body measured; onLab lets a test register its own cleanup too.
const inLab =
  (id: string, title: string, options: LabOptions, body: (lab: Lab) => Promise<Measured>): Scenario['run'] =>
  async (onLab) => {
    const lab = await createLab({ttlSeconds: TTL_SECONDS, propagationMs: PROPAGATION_MS, ...options});
    onLab?.(lab);
    try {
      const measured = await body(lab);
      const events = [...lab.log.events];
      return {
        id,
        title,
        endMs: Date.now(),
        events,
        podLifetimeMs: podLifetimeMs(events),
        podOutputs: Object.fromEntries(lab.pods().map((pod) => [pod.name, pod.output()])),
        notes: [],
        ...measured,
      };
    } finally {
      await lab.destroy();
    }
  };

// Waits until every client has connected to one of the new pods (the old ones are gone by then), then a
// short tail so the timeline shows the steady state.
const waitForRecovery = async (clients: Client[], newPods: Pod[]): Promise<void> => {
  const addresses = newPods.map((pod) => `${pod.address}:80`);
  await Promise.all(
    clients.map((client) =>
      client.waitForChange(
        (change) => change.state === 'connected' && addresses.includes(change.address ?? ''),
        20_000,
      ),
    ),
  );
  await sleep(500);
};

// One headless rolling update of one replica: old pod from spec, new pod from spec, three clients.
const runHeadless = (
  id: string,
  title: string,
  spec: PodSpec,
  notes?: () => Promise<string[]>,
): Scenario => ({
  id,
  title,
  run: inLab(id, title, {service: 'headless'}, async (lab) => {
    await lab.startPod(spec);
    await lab.waitForEndpoints();
    const startMs = Date.now();
    const clients = await lab.startClients(HEADLESS_CLIENTS);
    const newPods = await lab.rollingUpdate(spec);
    await waitForRecovery(clients, newPods);
    return {startMs, clients: await lab.stopClients(), notes: (await notes?.()) ?? []};
  }),
});

const execFileAsync = promisify(execFile);

// The windows scenario 6 uses: together 5 s, in a pod whose grace period is 2 s.
export const SHORT_GRACE_FLAGS = ['--drain', '3s', '--stop-timeout', '1s', '--refuse', '1s'];
export const SHORT_GRACE_PERIOD_MS = 2_000;

// What graceful says when the same windows are started with --grace-period 2s: it refuses to start.
export const checkBudget = async (): Promise<{exitCode: number; message: string}> => {
  try {
    await execFileAsync(process.execPath, [
      CLI,
      ...SHORT_GRACE_FLAGS,
      '--grace-period',
      `${SHORT_GRACE_PERIOD_MS}ms`,
      '--',
      'true',
    ]);
    return {exitCode: 0, message: ''};
  } catch (error) {
    const {code, stderr} = error as {code: number; stderr: string};
    return {exitCode: code, message: stderr.trim()};
  }
};

// Scenario 5: responses of 2 kB at 1 kB/s, so requests stay in flight about a second.
const SLOW_RESPONSES = '1k';
const GRACEFUL_CLUSTER_IP = [
  '--drain',
  `${2 * PROPAGATION_MS}ms`,
  '--stop-signal',
  'SIGQUIT',
  '--stop-timeout',
  '5s',
  '--refuse',
  '1s',
];

// A ClusterIP rolling update of 2 replicas under ~50 requests in flight.
const runLoad = (id: string, title: string, spec: PodSpec): Scenario => ({
  id,
  title,
  run: inLab(id, title, {service: 'clusterip'}, async (lab) => {
    await lab.startPod(spec);
    await lab.startPod(spec);
    await lab.waitForEndpoints();
    const startMs = Date.now();
    await lab.startLoad('50 in flight');
    // A second of steady load before the update: every keep-alive connection is open and busy.
    await sleep(1_000);
    await lab.rollingUpdate(spec);
    await lab.waitForEndpoints();
    // Only proves that nothing more fails: long enough for a request cut at the end to hit its 3 s timeout.
    await sleep(3_500);
    const [load] = await lab.stopLoads();
    return {startMs, clients: [], load};
  }),
});

// Scenario 3: drain = staleness + a margin for the client's lookup cadence.
const GRACEFUL_DRAIN_ALL = [
  '--drain',
  `${STALENESS_MS + 500}ms`,
  '--stop-signal',
  'SIGQUIT',
  '--stop-timeout',
  '2s',
  '--refuse',
  '1s',
];
const GRACEFUL_DRAIN_SHORT = [
  '--drain',
  '1500ms',
  '--stop-signal',
  'SIGQUIT',
  '--stop-timeout',
  '2s',
  '--refuse',
  '4s',
];

// Scenario 8: the drain of scenario 4, but a refuse window too short for the caching clients.
const REFUSE_SHORT_FLAGS = [
  '--drain',
  '1500ms',
  '--stop-signal',
  'SIGQUIT',
  '--stop-timeout',
  '2s',
  '--refuse',
  '1s',
];

// Scenario 8: the rolling update with a too-short refuse window, then again with the --refuse the deleted
// pod's shutdown report suggested.
const runRefuseShort = (id: string, title: string): Scenario => ({
  id,
  title,
  run: async (onLab) => {
    const first = await runHeadless(id, title, {containers: [gracefulNginx(REFUSE_SHORT_FLAGS)]}).run(onLab);
    const suggestedMs = reportOf(first.podOutputs.pod1 ?? '')?.suggested.refuseMs;
    if (suggestedMs === undefined) {
      throw new Error(`scenario ${id}: pod1 wrote no shutdown report: ${first.podOutputs.pod1}`);
    }

    const flags = [...REFUSE_SHORT_FLAGS.slice(0, -1), `${suggestedMs}ms`];
    const retry = await runHeadless(
      `${id}b`,
      `graceful --drain 1.5s --refuse ${suggestedMs / 1_000}s (the report's suggestion)`,
      {containers: [gracefulNginx(flags)]},
    ).run(onLab);
    return {...first, retry};
  },
});

// Scenario 7: nginx with graceful as a native sidecar, whose /readyz is the pod's readiness probe; the drain
// covers the staleness of every client, as in scenario 3.
export const RESTART_DRAIN_MS = STALENESS_MS + 500;
export const RESTART_SPEC: PodSpec = {
  ...sidecarNginx(['--drain', `${RESTART_DRAIN_MS}ms`, '--refuse', '1s']),
  gracePeriodMs: 30_000,
  readiness: {port: SIDECAR_HEALTH_PORT, path: '/readyz', periodMs: 100},
};
// The new container starts 1 s after the old one exited, so the sidecar sees the server stopped first.
const RESTART_DELAY_MS = 1_000;

// The kubelet's preStop and start steps of the pod's restart and the sidecar's transitions, as notes with
// their time since the restart began (zeroMs).
const restartNotes = (pod: Pod, events: readonly LabEvent[], zeroMs: number): string[] => [
  ...events
    .filter(
      (event) =>
        event.pod === pod.name &&
        event.atMs >= zeroMs &&
        (event.kind === 'prestop' || event.kind === 'prestop-done' || event.kind === 'container-started'),
    )
    .map(
      (event) =>
        `kubelet ${relative(event.atMs, zeroMs)}: ${event.container} ${event.kind === 'container-started' ? 'started' : `preStop ${event.detail}`}`,
    ),
  ...pod
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as {msg?: string; time?: string; elapsedMs?: number})
    .filter((line) => line.elapsedMs !== undefined || /server stopped/.test(line.msg ?? ''))
    .map((line) => `sidecar ${relative(Date.parse(line.time ?? ''), zeroMs)}: ${line.msg}`),
];

// Two replicas behind the headless Service; the kubelet restarts pod1's main container (preStop, stop,
// start) while the clients dial. Ends once every client has dialed the restarted pod again, plus a tail.
const runRestart = (id: string, title: string): Scenario => ({
  id,
  title,
  run: inLab(id, title, {service: 'headless'}, async (lab) => {
    const restarted = await lab.startPod(RESTART_SPEC);
    await lab.startPod(RESTART_SPEC);
    await lab.waitForEndpoints();
    const startMs = Date.now();
    const clients = await lab.startClients(HEADLESS_CLIENTS);
    const zeroMs = Date.now();
    const restart = lab.restartContainer(restarted, 'nginx', RESTART_DELAY_MS);
    const ofRestart = (kind: LabEvent['kind']) => (event: LabEvent) =>
      event.kind === kind && event.pod === restarted.name && event.atMs >= zeroMs;
    await waitForEvent(lab.log, ofRestart('pod-unready'), `${restarted.name} unready after the preStop`);
    await restart;
    await waitForEvent(lab.log, ofRestart('pod-ready'), `${restarted.name} ready again`);
    const back = await waitForEvent(lab.log, ofRestart('endpoint-added'), `${restarted.name} back in DNS`);
    const address = `${restarted.address}:80`;
    await Promise.all(
      clients.map((client) =>
        client.waitForChange(
          (change) => change.atMs >= back.atMs && change.state === 'connected' && change.address === address,
          20_000,
        ),
      ),
    );
    // Dials after the last client came back: the steady state.
    await sleep(2_000);
    return {
      startMs,
      clients: await lab.stopClients(),
      notes: restartNotes(restarted, lab.log.events, zeroMs),
    };
  }),
});

// Scenarios 1–4 and 6 (headless Service), 5 (ClusterIP under load), 7 (container restart) and 8 (a refuse
// window too short, then the report's suggestion), with the issues' numbers.
export const SCENARIOS: Scenario[] = [
  runHeadless('1', 'bare nginx', {containers: [bareNginx()]}),
  runHeadless('2', 'bare nginx, preStop sleep 1.5s', {
    containers: [{...bareNginx(), preStop: {sleepMs: 1_500}}],
  }),
  runHeadless('3', 'graceful --drain 5.5s --refuse 1s', {containers: [gracefulNginx(GRACEFUL_DRAIN_ALL)]}),
  runHeadless('4', 'graceful --drain 1.5s --refuse 4s', {containers: [gracefulNginx(GRACEFUL_DRAIN_SHORT)]}),
  runLoad('5a', 'ClusterIP, 50 requests in flight, bare nginx', {containers: [bareNginx(SLOW_RESPONSES)]}),
  runLoad('5b', 'ClusterIP, 50 requests in flight, graceful --drain 2s', {
    containers: [gracefulNginx(GRACEFUL_CLUSTER_IP, SLOW_RESPONSES)],
  }),
  runHeadless(
    '6',
    'graceful windows 5s, grace period 2s',
    {containers: [gracefulNginx(SHORT_GRACE_FLAGS)], gracePeriodMs: SHORT_GRACE_PERIOD_MS},
    async () => {
      const budget = await checkBudget();
      return [`with --grace-period 2s graceful exits ${budget.exitCode}: ${budget.message}`];
    },
  ),
  runRestart('7', `sidecar --drain ${RESTART_DRAIN_MS / 1_000}s, the kubelet restarts the main container`),
  runRefuseShort('8', 'graceful --drain 1.5s --refuse 1s'),
];
