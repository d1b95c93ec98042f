import {describe, expect, onTestFinished, test} from 'vitest';
import type {Lab} from '../../lab/lab.ts';
import {reportOf} from '../../lab/report.ts';
import {SCENARIOS, type ScenarioResult} from '../../lab/scenarios.ts';
import {missing} from '../helpers/prerequisites.ts';

// The scenarios on the real pod lab (ip netns, dnsmasq, nginx, iptables). They run one after the
// other in this file: their timings (TTL 1 s, propagation 1 s, client cache 4 s) are short on purpose.
const run = async (id: string): Promise<ScenarioResult> => {
  const scenario = SCENARIOS.find((item) => item.id === id);
  if (scenario === undefined) {
    throw new Error(`no scenario ${id}`);
  }

  const result = await scenario.run((lab: Lab) => {
    // destroy() is idempotent: the scenario's own finally normally does it first.
    onTestFinished(() => lab.destroy());
  });
  return result;
};

const client = (result: ScenarioResult, name: string) => {
  const found = result.clients.find((item) => item.name === name);
  if (found === undefined) {
    throw new Error(`no client ${name} in scenario ${result.id}`);
  }

  return found.summary;
};

describe.skipIf(missing('root', 'netns', 'dnsmasq', 'nginx', 'iptables'))('pod lab scenarios', () => {
  test('1. bare nginx: the lab detects the bug, connect timeouts once the pod is deleted', async () => {
    const result = await run('1');
    expect(client(result, 'no cache').counts.timeout).toBeGreaterThan(0);
    expect(client(result, 'cache 4s').counts.timeout).toBeGreaterThan(0);
    // The kubelet released the IP as soon as nginx had exited: no pod kept it.
    expect(result.podLifetimeMs).toBeLessThan(1_000);
    // Bare nginx: no graceful, no report.
    expect(reportOf(result.podOutputs.pod1 ?? '')).toBeUndefined();
  });

  test('2. preStop sleep only, client cache longer than the sleep: timeouts remain', async () => {
    const result = await run('2');
    const sigterm = result.events.find((event) => event.kind === 'stop-signal');
    const deleted = result.events.find((event) => event.kind === 'delete');
    expect((sigterm?.atMs ?? 0) - (deleted?.atMs ?? 0)).toBeGreaterThanOrEqual(1_500);
    expect(client(result, 'cache 4s').counts.timeout).toBeGreaterThan(0);
  });

  test('3. graceful, drain ≥ staleness: zero failed dials for every client, nginx stopped with SIGQUIT', async () => {
    const result = await run('3');
    for (const {name, summary} of result.clients) {
      expect({name, ...summary.counts}).toMatchObject({
        name,
        refused: 0,
        timeout: 0,
        unreachable: 0,
        dns: 0,
        error: 0,
      });
      expect(summary.ok).toBe(true);
    }

    expect(result.podOutputs.pod1).toContain('stopping: sent SIGQUIT to the child');
    expect(result.events.find((event) => event.kind === 'sigkill')).toBeUndefined();
    // The report agrees with the clients: every client had moved on before the drain ended.
    expect(reportOf(result.podOutputs.pod1 ?? '')).toMatchObject({
      drain: {enough: true},
      refuse: {enough: true},
    });
  });

  test('4. graceful, drain < staleness ≤ drain + refuse: zero timeouts, only refusals', async () => {
    const result = await run('4');
    for (const {name, summary} of result.clients) {
      expect({name, timeout: summary.counts.timeout, unreachable: summary.counts.unreachable}).toEqual({
        name,
        timeout: 0,
        unreachable: 0,
      });
    }

    expect(client(result, 'cache 4s').counts.refused).toBeGreaterThan(0);
    // The report agrees: the caching clients still came after the drain, and were refused until they moved on.
    const report = reportOf(result.podOutputs.pod1 ?? '');
    expect(report).toMatchObject({drain: {enough: false}, refuse: {enough: true}});
    expect(report?.refuse.refused).toBeGreaterThan(0);
    expect(report?.suggested.drainMs).toBeGreaterThan(1_500);
  });

  test('5. ClusterIP under HTTP load: bare nginx drops requests, graceful with SIGQUIT drops none', async () => {
    const bare = await run('5a');
    expect(bare.load?.failed).toBeGreaterThan(0);
    const graceful = await run('5b');
    expect(graceful.load?.requests).toBeGreaterThan(100);
    expect(graceful.load?.failed).toBe(0);
  });

  test("6. grace period shorter than the windows: the kubelet's SIGKILL, and graceful's budget check refuses", async () => {
    const result = await run('6');
    expect(result.events.find((event) => event.kind === 'sigkill')).toBeDefined();
    expect(
      result.events.find((event) => event.kind === 'container-exited' && event.pod === 'pod1')?.detail,
    ).toBe('SIGKILL');
    expect(result.notes.at(-1)).toMatch(
      /graceful exits 2: graceful: --drain \+ --stop-timeout \+ --refuse \(3s \+ 1s \+ 1s = 5s\) exceed --grace-period \(2s\): the kubelet would SIGKILL first/,
    );
  });

  test('8. refuse window too short: the report says so, and its suggested --refuse gives 0 timeouts', async () => {
    const result = await run('8');
    expect(client(result, 'cache 4s').counts.timeout).toBeGreaterThan(0);
    const report = reportOf(result.podOutputs.pod1 ?? '');
    expect(report).toMatchObject({refuse: {enough: false}});
    expect(report?.suggested.refuseMs).toBeGreaterThan(1_000);
    const retry = result.retry;
    expect(retry?.title).toContain(`--refuse ${(report?.suggested.refuseMs ?? 0) / 1_000}s`);
    for (const {name, summary} of retry?.clients ?? []) {
      expect({name, timeout: summary.counts.timeout, unreachable: summary.counts.unreachable}).toEqual({
        name,
        timeout: 0,
        unreachable: 0,
      });
    }

    expect(retry?.clients).toHaveLength(3);
    expect(reportOf(retry?.podOutputs.pod1 ?? '')).toMatchObject({refuse: {enough: true}});
  });

  test('7. the kubelet restarts the main container: ready again, back in DNS, and 0 failed dials', async () => {
    const result = await run('7');
    const restart = result.events.find((event) => event.kind === 'restart');
    const ofPod1 = (kind: string) =>
      result.events.filter(
        (event) => event.pod === 'pod1' && event.kind === kind && event.atMs >= (restart?.atMs ?? 0),
      );
    // The drain made the pod unready and took it out of DNS; after the restart it came back.
    expect(ofPod1('pod-unready')).toHaveLength(1);
    expect(ofPod1('endpoint-removed')).toHaveLength(1);
    expect(ofPod1('pod-ready')).toHaveLength(1);
    const back = ofPod1('endpoint-added')[0];
    expect(back).toBeDefined();
    for (const {name, changes, summary} of result.clients) {
      const failedAfter = changes.filter(
        (change) => change.atMs >= (back?.atMs ?? 0) && change.state !== 'connected',
      );
      expect({name, failedAfter}).toEqual({name, failedAfter: []});
      // The drain covered every client's staleness, so no dial failed at all.
      expect({name, ok: summary.ok}).toEqual({name, ok: true});
    }

    const output = result.podOutputs.pod1 ?? '';
    // The preStop call was held for the whole drain, then the sidecar saw the restart.
    const [answered] = ofPod1('prestop-done');
    expect(answered).toMatchObject({container: 'nginx', detail: 'answered 200'});
    expect((answered?.atMs ?? 0) - (restart?.atMs ?? 0)).toBeGreaterThanOrEqual(5_400);
    expect(output).toMatch(/the server stopped: waiting for it to serve again/);
    expect(output).toMatch(/the server serves again \(container restarted\)/);
    // The kubelet started nginx again, and only nginx: the sidecar ran on.
    expect(ofPod1('container-started').map((event) => event.container)).toEqual(['nginx']);
    expect(ofPod1('container-exited').map((event) => event.container)).toEqual(['nginx']);
  });
});
