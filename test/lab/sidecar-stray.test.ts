import {describe, expect, onTestFinished, test} from 'vitest';
import {waitForEvent} from '../../lab/events.ts';
import {inNs} from '../../lab/exec.ts';
import {createLab} from '../../lab/lab.ts';
import {SIDECAR_HEALTH_PORT, sidecarNginx} from '../../lab/servers.ts';
import {missing} from '../helpers/prerequisites.ts';

// The sidecar's watch of the pod's own listening sockets (no --ready-tcp), in a pod namespace of its own.
describe.skipIf(missing('root', 'netns', 'dnsmasq', 'nginx'))('pod lab: a stray /prestop', () => {
  test('a stray /prestop from another pod: unready for the drain, then ready and in DNS again', async () => {
    const lab = await createLab({service: 'headless', ttlSeconds: 1, propagationMs: 200});
    onTestFinished(() => lab.destroy());
    const pod = await lab.startPod({
      ...sidecarNginx(['--drain', '1s', '--stop-wait', '1s', '--refuse', '0']),
      gracePeriodMs: 10_000,
      readiness: {port: SIDECAR_HEALTH_PORT, path: '/readyz', periodMs: 100},
    });
    await lab.waitForEndpoints();
    const strayAt = Date.now();
    const url = `http://${pod.address}:${SIDECAR_HEALTH_PORT}/prestop`;
    const status = await inNs(
      lab.topology.clientNs,
      process.execPath,
      '-e',
      `fetch(${JSON.stringify(url)}).then((response) => console.log(response.status))`,
    );
    expect(status.trim()).toBe('200');
    const after = (kind: string) => (event: {kind: string; atMs: number}) =>
      event.kind === kind && event.atMs >= strayAt;
    await waitForEvent(lab.log, after('pod-unready'), 'the pod unready after the stray /prestop');
    await waitForEvent(lab.log, after('pod-ready'), 'the pod ready again');
    await waitForEvent(lab.log, after('endpoint-added'), 'the pod back in DNS');
    expect(pod.output()).toMatch(/the server did not stop within --stop-wait 1s after the drain/);
    expect(pod.output()).not.toMatch(/the server stopped/);
  });
});
