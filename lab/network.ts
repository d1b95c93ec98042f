import {mkdir, rm, writeFile} from 'node:fs/promises';
import {inNs, ip, nsPids, signalPid} from './exec.ts';
import {parseLabPid, podNetwork, type Topology} from './topology.ts';

// Per-namespace resolv.conf, bind-mounted by `ip netns exec` over /etc/resolv.conf.
const resolvDir = (ns: string): string => `/etc/netns/${ns}`;

// Builds the node and client namespaces: client 10.244.0.2 → node 10.244.0.1, default route via the
// node, resolv.conf pointing at the lab's dnsmasq. The node forwards and blackholes unknown pod IPs, as a
// CNI's /32 routes do, so a deleted pod's IP swallows SYNs (client timeouts) instead of answering.
export const createNetwork = async (topology: Topology): Promise<void> => {
  const {nodeNs, clientNs} = topology;
  await ip('netns', 'add', nodeNs);
  await ip('netns', 'add', clientNs);
  await ip('-n', nodeNs, 'link', 'set', 'lo', 'up');
  await ip('-n', clientNs, 'link', 'set', 'lo', 'up');
  await ip('-n', nodeNs, 'link', 'add', 'c0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', clientNs);
  await ip('-n', nodeNs, 'addr', 'add', `${topology.nodeAddress}/24`, 'dev', 'c0');
  await ip('-n', nodeNs, 'link', 'set', 'c0', 'up');
  await ip('-n', clientNs, 'addr', 'add', `${topology.clientAddress}/24`, 'dev', 'eth0');
  await ip('-n', clientNs, 'link', 'set', 'eth0', 'up');
  await ip('-n', clientNs, 'route', 'add', 'default', 'via', topology.nodeAddress);
  await inNs(nodeNs, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
  await ip('-n', nodeNs, 'route', 'add', 'blackhole', '10.244.1.0/24');
  await mkdir(resolvDir(clientNs), {recursive: true});
  await writeFile(`${resolvDir(clientNs)}/resolv.conf`, `nameserver ${topology.dnsAddress}\n`);
};

// Gives pod number `index` its namespace, veth and IP (CNI ADD); returns the namespace name and IP.
export const addPodNetwork = async (topology: Topology, index: number) => {
  const pod = podNetwork(topology, index);
  const {nodeNs} = topology;
  await ip('netns', 'add', pod.ns);
  await ip('-n', pod.ns, 'link', 'set', 'lo', 'up');
  await ip(
    '-n',
    nodeNs,
    'link',
    'add',
    pod.hostInterface,
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'netns',
    pod.ns,
  );
  await ip('-n', pod.ns, 'addr', 'add', `${pod.address}/32`, 'dev', 'eth0');
  await ip('-n', pod.ns, 'link', 'set', 'eth0', 'up');
  await ip('-n', pod.ns, 'route', 'add', 'default', 'via', topology.nodeAddress, 'dev', 'eth0', 'onlink');
  await ip('-n', nodeNs, 'link', 'set', pod.hostInterface, 'up');
  await inNs(nodeNs, 'sysctl', '-qw', `net.ipv4.conf.${pod.hostInterface}.proxy_arp=1`);
  await ip('-n', nodeNs, 'route', 'add', `${pod.address}/32`, 'dev', pod.hostInterface);
  return pod;
};

// Releases a pod's IP and namespace (CNI DEL); the kubelet calls it only once every process has ended.
export const removePodNetwork = async (
  topology: Topology,
  ns: string,
  hostInterface: string,
): Promise<void> => {
  await ip('-n', topology.nodeNs, 'link', 'del', hostInterface).catch(() => undefined);
  await ip('netns', 'del', ns).catch(() => undefined);
};

// SIGKILLs whatever still runs in a namespace, then deletes it; never fails, for cleanup paths.
export const destroyNamespace = async (ns: string): Promise<void> => {
  for (const pid of await nsPids(ns)) {
    signalPid(pid, 'SIGKILL');
  }

  await ip('netns', 'del', ns).catch(() => undefined);
};

// Removes the node and client namespaces and the client's resolv.conf.
export const destroyNetwork = async (topology: Topology): Promise<void> => {
  await destroyNamespace(topology.clientNs);
  await destroyNamespace(topology.nodeNs);
  await rm(resolvDir(topology.clientNs), {recursive: true, force: true});
};

// Removes what labs of processes that no longer exist left behind (a test run killed with SIGKILL).
export const removeStaleLabs = async (isAlive: (pid: number) => boolean): Promise<string[]> => {
  const names = (await ip('netns', 'list'))
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
  const stale = names.filter((name) => {
    const pid = parseLabPid(name);
    return pid !== undefined && !isAlive(pid);
  });
  for (const ns of stale) {
    await destroyNamespace(ns);
    await rm(resolvDir(ns), {recursive: true, force: true});
  }

  return stale;
};
