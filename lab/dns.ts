import {type ChildProcess, spawn} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {renderDnsmasqConfig, renderHosts, type Topology} from './topology.ts';

// The lab's DNS server: dnsmasq in the client namespace, serving the headless Service from a hosts file.
export interface Dns {
  // Publishes the Service's endpoints (rewrites the hosts file, then SIGHUP makes dnsmasq reread it).
  publish: (addresses: readonly string[]) => Promise<void>;
  stop: () => void;
}

const waitForListening = async (
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!/started, version/.test(output())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`dnsmasq did not start within ${timeoutMs} ms: ${output()}`);
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
  const child = spawn(
    'ip',
    ['netns', 'exec', topology.clientNs, 'dnsmasq', '--keep-in-foreground', `--conf-file=${configFile}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  };
  try {
    await waitForListening(child, () => output, 10_000);
  } catch (error) {
    stop();
    throw error;
  }

  return {
    publish: async (addresses) => {
      await writeFile(hostsFile, renderHosts(topology.serviceName, addresses));
      child.kill('SIGHUP');
    },
    stop,
  };
};
