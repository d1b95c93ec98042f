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
