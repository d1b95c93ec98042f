import {describe, expect, test} from 'vitest';
import {isListening} from '../../lab/readiness.ts';

// Captured from /proc/net/tcp of a pod running nginx on 0.0.0.0:80, with one client connection.
const NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0
   1: 0B01F40A:0050 0200F40A:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 1235 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1236 1 0000000000000000 20 4 30 10 -1
`;

describe('isListening', () => {
  test.each([
    [80, true],
    // 8080 only has an established connection, no listener.
    [8080, false],
    [443, false],
  ])('port %d listening: %s', (port, expected) => {
    expect(isListening(NET_TCP, port)).toBe(expected);
  });

  test('an empty table (the header only) has no listener', () => {
    expect(isListening(NET_TCP.split('\n')[0] ?? '', 80)).toBe(false);
  });
});
