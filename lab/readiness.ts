import {stat} from 'node:fs/promises';
import {setTimeout as sleep} from 'node:timers/promises';
import {readSocketTable} from '../src/proc/connections.ts';
import {parseNetTcp, type TcpSocket} from '../src/proc/net-tcp.ts';
import {hasExited, type NsProcess} from './exec.ts';

const listensOn = (sockets: TcpSocket[], port: number): boolean =>
  sockets.some((socket) => socket.state === 'LISTEN' && socket.localPort === port);

// True when /proc/net/tcp text (any namespace's) has a socket listening on port.
export const isListening = (procNetTcp: string, port: number): boolean =>
  listensOn(parseNetTcp(procNetTcp), port);

// Whether the process already runs in the namespace (ip netns exec has switched) and something in that
// namespace listens on port: the kubelet's TCP probe, read from /proc without a connection.
export const probeListening = async (pid: number, ns: string, port: number): Promise<boolean> => {
  try {
    const [own, target] = await Promise.all([stat(`/proc/${pid}/ns/net`), stat(`/run/netns/${ns}`)]);
    return own.ino === target.ino && listensOn(await readSocketTable(pid), port);
  } catch {
    return false;
  }
};

// Probes every 20 ms until the port listens (true), or until the process has exited or the deadline passed (false).
export const waitForListening = async (
  process: NsProcess,
  ns: string,
  port: number,
  timeoutMs: number,
): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probeListening(process.pid, ns, port))) {
    if (hasExited(process) || Date.now() > deadline) {
      return false;
    }

    await sleep(20);
  }

  return true;
};
