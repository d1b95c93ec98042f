import {inNs, run} from './exec.ts';
import {renderClusterIpRules, type Topology} from './topology.ts';

const CHAIN = 'LAB-SVC';

// Installs the Service chain in the client namespace's nat OUTPUT, as kube-proxy's KUBE-SERVICES.
export const createClusterIp = async (topology: Topology): Promise<void> => {
  await inNs(topology.clientNs, 'iptables', '-t', 'nat', '-N', CHAIN);
  await inNs(topology.clientNs, 'iptables', '-t', 'nat', '-A', 'OUTPUT', '-j', CHAIN);
};

// Replaces the ClusterIP's endpoints atomically; connections already tracked keep their old pod.
export const publishClusterIp = async (
  topology: Topology,
  port: number,
  endpoints: readonly string[],
): Promise<void> => {
  await run(
    'ip',
    ['netns', 'exec', topology.clientNs, 'iptables-restore', '--noflush'],
    renderClusterIpRules(CHAIN, topology.clusterIp, port, endpoints),
  );
};
