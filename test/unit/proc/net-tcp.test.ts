import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {parseHexAddress, parseNetTcp, parseSnmp} from '../../../src/proc/net-tcp.ts';

// Captured in a fresh network namespace by test/fixtures/proc/capture.mjs.
const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/proc/${name}`, import.meta.url), 'utf8');

describe('parseNetTcp on captured /proc/net/tcp', () => {
  const sockets = parseNetTcp(fixture('tcp.txt'));

  test.each([
    [0, '127.0.0.1', 8080, '0.0.0.0', 0, 'LISTEN', 26366],
    [1, '127.0.0.1', 8080, '127.0.0.1', 41050, 'ESTABLISHED', 26370],
    [2, '127.0.0.1', 8080, '127.0.0.1', 41064, 'TIME_WAIT', 0],
    [3, '127.0.0.1', 44676, '127.0.0.1', 27017, 'ESTABLISHED', 26373],
    [4, '127.0.0.1', 41050, '127.0.0.1', 8080, 'ESTABLISHED', 26369],
  ] as const)(
    'row %d: %s:%d ← %s:%d %s inode %d',
    (row, localAddress, localPort, remoteAddress, remotePort, state, inode) => {
      expect(sockets[row]).toEqual({localAddress, localPort, remoteAddress, remotePort, state, inode});
    },
  );

  test('reads every row and skips the header', () => {
    expect(sockets).toHaveLength(5);
  });
});

describe('parseNetTcp on captured /proc/net/tcp6', () => {
  const sockets = parseNetTcp(fixture('tcp6.txt'));

  test.each([
    [0, '::', 8090, '::', 0, 'LISTEN'],
    [1, '::', 27017, '::', 0, 'LISTEN'],
    [2, '::1', 27017, '::1', 58714, 'ESTABLISHED'],
    // An IPv4 client on a dual-stack listener.
    [3, '::ffff:127.0.0.1', 27017, '::ffff:127.0.0.1', 44676, 'ESTABLISHED'],
    [4, '::1', 58714, '::1', 27017, 'ESTABLISHED'],
  ] as const)(
    'row %d: %s:%d ← %s:%d %s',
    (row, localAddress, localPort, remoteAddress, remotePort, state) => {
      expect(sockets[row]).toMatchObject({localAddress, localPort, remoteAddress, remotePort, state});
    },
  );
});

describe('parseNetTcp on damaged input', () => {
  test.each([
    ['', 0],
    ['garbage\n', 0],
    ['   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n', 1],
    // Unknown state 0x0D, short address, missing columns, bad port: skipped, not thrown.
    ['   0: 0100007F:1F90 00000000:0000 0D 00000000:00000000 00:00000000 00000000     0        0 1 1\n', 0],
    ['   0: 01007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n', 0],
    ['   0: 0100007F:1F90 00000000:0000 0A\n', 0],
    ['   0: 0100007F:1F9 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n', 0],
  ])('%j → %d sockets', (text, count) => {
    expect(parseNetTcp(text)).toHaveLength(count);
  });
});

describe('parseHexAddress', () => {
  test.each([
    ['0100007F', '127.0.0.1'],
    ['00000000', '0.0.0.0'],
    ['0A00A8C0', '192.168.0.10'],
    ['00000000000000000000000001000000', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['000080FE00000000FF3F02022E3C1FFE', 'fe80::202:3fff:fe1f:3c2e'],
    ['0000000000000000FFFF00000100007F', '::ffff:127.0.0.1'],
    ['B80D0120000000000000000001000000', '2001:db8::1'],
    ['XYZ', undefined],
    ['0100007', undefined],
  ])('%s → %s', (hex, address) => {
    expect(parseHexAddress(hex)).toBe(address);
  });
});

describe('parseSnmp on captured /proc/net/snmp', () => {
  const counters = parseSnmp(fixture('snmp.txt'));

  test.each([
    ['Tcp', 'PassiveOpens', 4],
    ['Tcp', 'ActiveOpens', 4],
    ['Tcp', 'CurrEstab', 6],
    ['Tcp', 'MaxConn', -1],
  ])('%s %s = %d', (group, name, value) => {
    expect(counters[group]?.[name]).toBe(value);
  });

  test('every group of the file', () => {
    expect(Object.keys(counters)).toEqual(expect.arrayContaining(['Ip', 'Icmp', 'Tcp', 'Udp']));
  });
});
