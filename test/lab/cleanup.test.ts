import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {describe, expect, onTestFinished, test} from 'vitest';
import {createLab} from '../../lab/lab.ts';
import {bareNginx} from '../../lab/servers.ts';
import {missing} from '../helpers/prerequisites.ts';

const namespaces = (): string[] =>
  execFileSync('ip', ['netns', 'list'], {encoding: 'utf8'})
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');

describe.skipIf(missing('root', 'netns', 'dnsmasq', 'nginx', 'iptables'))('pod lab cleanup', () => {
  test('destroy() removes every namespace, process and resolv.conf the lab made, and is idempotent', async () => {
    const lab = await createLab({service: 'clusterip', propagationMs: 100});
    onTestFinished(() => lab.destroy());
    const pod = await lab.startPod({containers: [bareNginx()]});
    const ours = namespaces().filter((name) => name.startsWith(lab.topology.id));
    expect(ours.sort()).toEqual([lab.topology.clientNs, lab.topology.nodeNs, pod.ns].sort());
    await lab.destroy();
    await lab.destroy();
    expect(namespaces().filter((name) => name.startsWith(lab.topology.id))).toEqual([]);
    expect(existsSync(`/etc/netns/${lab.topology.clientNs}`)).toBe(false);
    await expect(pod.containers[0]?.process.exited).resolves.toMatchObject({signal: 'SIGKILL'});
  });

  test('a lab whose process died (SIGKILL) is removed by the next lab', async () => {
    // A PID that surely no longer exists: a process that has already been reaped.
    const deadPid = spawnSync('true').pid;
    const stale = `gl${deadPid.toString(36)}_dead-node`;
    execFileSync('ip', ['netns', 'add', stale]);
    onTestFinished(() => {
      spawnSync('ip', ['netns', 'del', stale]);
    });
    const lab = await createLab({});
    onTestFinished(() => lab.destroy());
    expect(namespaces()).not.toContain(stale);
  });
});
