import {fileURLToPath} from 'node:url';
import {spawnInNs} from './exec.ts';

const PROBE_CLIENT = fileURLToPath(new URL('./probe-client.ts', import.meta.url));

// A pod's HTTP readiness probe, as the kubelet runs it: from the node, to the pod IP.
export interface ReadinessProbe {
  port: number;
  path: string;
  // periodSeconds, in ms (failureThreshold and successThreshold 1).
  periodMs?: number;
}

// A running prober: each change of readiness goes to onChange.
export interface Prober {
  kill: () => void;
}

// Starts lab/probe-client.ts in the node namespace against the pod's address.
export const startProber = (
  nodeNs: string,
  address: string,
  probe: ReadinessProbe,
  onChange: (ready: boolean) => void,
): Prober => {
  const url = `http://${address}:${probe.port}${probe.path}`;
  const prober = spawnInNs(nodeNs, [process.execPath, PROBE_CLIENT, url, String(probe.periodMs ?? 100)]);
  let seen = 0;
  prober.child.stdout?.on('data', () => {
    // Complete lines only: a chunk may end inside one.
    const lines = prober.stdout().split('\n').slice(0, -1);
    for (const line of lines.slice(seen)) {
      onChange((JSON.parse(line) as {ready: boolean}).ready);
    }

    seen = lines.length;
  });
  return {kill: prober.kill};
};
