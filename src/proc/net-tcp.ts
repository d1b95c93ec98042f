// TCP states as the kernel numbers them (include/net/tcp_states.h).
const STATES = [
  undefined,
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
] as const;

// One TCP state name from /proc/net/tcp's `st` column.
export type TcpState = NonNullable<(typeof STATES)[number]>;

// One row of /proc/<pid>/net/tcp or tcp6.
export interface TcpSocket {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: TcpState;
  // 0 for sockets no process holds any more (TIME_WAIT).
  inode: number;
}

// The kernel prints each 32-bit word of an address in host byte order: little-endian on x86 and arm64.
const wordBytes = (word: string): number[] => {
  const bytes = word.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? [];
  return bytes.reverse();
};

const formatIpv6 = (bytes: number[]): string => {
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) {
    groups.push((((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0)).toString(16));
  }

  // IPv4-mapped (::ffff:a.b.c.d): how an IPv4 client shows up on a dual-stack listener.
  if (groups.slice(0, 5).every((group) => group === '0') && groups[5] === 'ffff') {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }

  const text = groups.join(':');
  const zeros = text.match(/(?:^|:)0(?::0)+(?::|$)/g) ?? [];
  const longest = zeros.reduce((best, run) => (run.length > best.length ? run : best), '');
  return longest === '' ? text : text.replace(longest, '::');
};

// Turns `0100007F` into 127.0.0.1 and 32 hex digits into an IPv6 address.
export const parseHexAddress = (hex: string): string | undefined => {
  if (!/^(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{32})$/.test(hex)) {
    return undefined;
  }

  const bytes = (hex.match(/.{8}/g) ?? []).flatMap(wordBytes);
  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
};

const parseEndpoint = (text: string | undefined): {address: string; port: number} | undefined => {
  const [hex = '', portHex = ''] = (text ?? '').split(':');
  const address = parseHexAddress(hex);
  const port = /^[0-9A-Fa-f]{4}$/.test(portHex) ? Number.parseInt(portHex, 16) : Number.NaN;
  return address === undefined || Number.isNaN(port) ? undefined : {address, port};
};

// Parses /proc/<pid>/net/tcp or tcp6 text; skips the header and any line it cannot read.
export const parseNetTcp = (text: string): TcpSocket[] =>
  text.split('\n').flatMap((line) => {
    const fields = line.trim().split(/\s+/);
    if (!/^\d+:$/.test(fields[0] ?? '')) {
      return [];
    }

    const local = parseEndpoint(fields[1]);
    const remote = parseEndpoint(fields[2]);
    const state = STATES[Number.parseInt(fields[3] ?? '', 16)];
    const inode = Number(fields[9]);
    if (local === undefined || remote === undefined || state === undefined || !Number.isInteger(inode)) {
      return [];
    }

    return [
      {
        localAddress: local.address,
        localPort: local.port,
        remoteAddress: remote.address,
        remotePort: remote.port,
        state,
        inode,
      },
    ];
  });

// Parses /proc/<pid>/net/snmp (or netstat) into counters by group: `{Tcp: {PassiveOpens: 4, ...}}`.
export const parseSnmp = (text: string): Record<string, Record<string, number>> => {
  const groups: Record<string, Record<string, number>> = {};
  const lines = text.split('\n');
  for (let index = 0; index + 1 < lines.length; index += 2) {
    const [group, ...names] = (lines[index] ?? '').trim().split(/\s+/);
    const [valueGroup, ...values] = (lines[index + 1] ?? '').trim().split(/\s+/);
    if (group === undefined || group !== valueGroup || !group.endsWith(':')) {
      continue;
    }

    const counters: Record<string, number> = {};
    names.forEach((name, column) => {
      counters[name] = Number(values[column]);
    });
    groups[group.slice(0, -1)] = counters;
  }

  return groups;
};
