import {readFile, stat} from 'node:fs/promises';

// True when /proc/net/tcp text (any namespace's) has a socket listening on port.
export const isListening = (procNetTcp: string, port: number): boolean => {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return procNetTcp
    .split('\n')
    .slice(1)
    .some((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return local?.endsWith(`:${hexPort}`) === true && state === '0A';
    });
};

// Whether the process already runs in the namespace (ip netns exec has switched) and something in that
// namespace listens on port: the kubelet's TCP readiness probe, read from /proc without a connection.
export const probeListening = async (pid: number, ns: string, port: number): Promise<boolean> => {
  try {
    const [own, target] = await Promise.all([stat(`/proc/${pid}/ns/net`), stat(`/run/netns/${ns}`)]);
    if (own.ino !== target.ino) {
      return false;
    }

    const [v4, v6] = await Promise.all([
      readFile(`/proc/${pid}/net/tcp`, 'utf8'),
      readFile(`/proc/${pid}/net/tcp6`, 'utf8').catch(() => ''),
    ]);
    return isListening(v4, port) || isListening(v6, port);
  } catch {
    return false;
  }
};
