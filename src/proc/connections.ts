import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {parseNetTcp, parseSnmp, type TcpSocket} from './net-tcp.ts';

const readOptional = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
};

// Every TCP socket (IPv4 and IPv6) of the network namespace that process `pid` lives in. /proc/<pid>/net
// shows the namespace, not the process: 'self' in a pod sees the whole pod's connections.
export const readSocketTable = async (pid: number | 'self' = 'self'): Promise<TcpSocket[]> => {
  const [tcp, tcp6] = await Promise.all([
    readOptional(`/proc/${pid}/net/tcp`),
    // Absent when IPv6 is disabled.
    readOptional(`/proc/${pid}/net/tcp6`),
  ]);
  return [...parseNetTcp(tcp ?? ''), ...parseNetTcp(tcp6 ?? '')];
};

// The namespace's count of accepted TCP connections so far, or undefined when /proc cannot tell.
export const readPassiveOpens = async (pid: number | 'self' = 'self'): Promise<number | undefined> => {
  const text = await readOptional(`/proc/${pid}/net/snmp`);
  const value = text === undefined ? undefined : parseSnmp(text).Tcp?.PassiveOpens;
  return value === undefined || Number.isNaN(value) ? undefined : value;
};

// The namespace's TCP counters that graceful's windows are judged by (RFC 4022 names in /proc/<pid>/net/snmp).
export interface TcpCounters {
  // Connections accepted so far, IPv4 and IPv6: the kernel counts one per completed handshake on a listener.
  passiveOpens: number;
  // Resets sent so far: a SYN to a closed port is answered with one.
  outRsts: number;
  // Connections established now, in either direction.
  currEstab: number;
}

// Reads the TCP counters of the namespace `pid` lives in, or undefined when /proc cannot tell. Synchronous
// on purpose: the file is about 1.5 kB whatever the number of connections, and a sample must be taken at the
// moment of a phase change, not a thread-pool turn later.
export const readTcpCounters = (pid: number | 'self' = 'self'): TcpCounters | undefined => {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/net/snmp`, 'utf8');
  } catch {
    return undefined;
  }

  const tcp = parseSnmp(text).Tcp;
  const counters = {passiveOpens: tcp?.PassiveOpens, outRsts: tcp?.OutRsts, currEstab: tcp?.CurrEstab};
  return Object.values(counters).every((value) => Number.isFinite(value))
    ? (counters as TcpCounters)
    : undefined;
};
