import {stat} from 'node:fs/promises';
import {readSocketTable} from '../src/proc/connections.ts';
import {parseNetTcp, type TcpSocket} from '../src/proc/net-tcp.ts';

const listensOn = (sockets: TcpSocket[], port: number): boolean =>
  sockets.some((socket) => socket.state === 'LISTEN' && socket.localPort === port);

// True when /proc/net/tcp text (any namespace's) has a socket listening on port.
export const isListening = (procNetTcp: string, port: number): boolean =>
  listensOn(parseNetTcp(procNetTcp), port);

// Whether the process already runs in the namespace (ip netns exec has switched) and something in that
// namespace listens on port: the kubelet's TCP readiness probe, read from /proc without a connection.
export const probeListening = async (pid: number, ns: string, port: number): Promise<boolean> => {
  try {
    const [own, target] = await Promise.all([stat(`/proc/${pid}/ns/net`), stat(`/run/netns/${ns}`)]);
    return own.ino === target.ino && listensOn(await readSocketTable(pid), port);
  } catch {
    return false;
  }
};
