import {writeFile} from 'node:fs/promises';
import {type NsProcess, spawnInNs} from './exec.ts';
import {renderDnsmasqConfig, renderHosts, type Topology} from './topology.ts';

// The lab's DNS server: dnsmasq in the client namespace, serving the headless Service from a hosts file.
export interface Dns {
  // Publishes the Service's endpoints (rewrites the hosts file, then SIGHUP makes dnsmasq reread it).
  publish: (addresses: readonly string[]) => Promise<void>;
  stop: () => void;
}

const waitForListening = async (dnsmasq: NsProcess, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!/started, version/.test(dnsmasq.stderr() + dnsmasq.stdout())) {
    if (dnsmasq.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`dnsmasq did not start within ${timeoutMs} ms: ${dnsmasq.stderr()}`);
    }

    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

// Starts dnsmasq for this lab with its own config and hosts file in dir, records with ttlSeconds.
export const startDns = async (topology: Topology, dir: string, ttlSeconds: number): Promise<Dns> => {
  const hostsFile = `${dir}/hosts`;
  const configFile = `${dir}/dnsmasq.conf`;
  await writeFile(hostsFile, '');
  await writeFile(configFile, renderDnsmasqConfig(hostsFile, ttlSeconds, topology.dnsAddress));
  const dnsmasq = spawnInNs(topology.clientNs, [
    'dnsmasq',
    '--keep-in-foreground',
    `--conf-file=${configFile}`,
  ]);
  try {
    await waitForListening(dnsmasq, 10_000);
  } catch (error) {
    dnsmasq.kill();
    throw error;
  }

  return {
    publish: async (addresses) => {
      await writeFile(hostsFile, renderHosts(topology.serviceName, addresses));
      dnsmasq.child.kill('SIGHUP');
    },
    stop: dnsmasq.kill,
  };
};
