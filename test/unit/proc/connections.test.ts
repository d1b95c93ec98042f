import {once} from 'node:events';
import {connect, createServer} from 'node:net';
import {describe, expect, onTestFinished, test} from 'vitest';
import {readPassiveOpens, readSocketTable, readTcpCounters} from '../../../src/proc/connections.ts';

// Reads this machine's real /proc: a listener and a connection opened here must show up.
describe.runIf(process.platform === 'linux')('readSocketTable and readPassiveOpens', () => {
  test('see a listener, an accepted connection and the counter moving', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const {port} = server.address() as {port: number};
    onTestFinished(() => void server.close());
    const before = await readPassiveOpens();
    const client = connect(port, '127.0.0.1');
    onTestFinished(() => void client.destroy());
    await once(server, 'connection');

    const sockets = await readSocketTable();
    expect(sockets).toContainEqual(expect.objectContaining({localPort: port, state: 'LISTEN'}));
    expect(sockets).toContainEqual(
      expect.objectContaining({localPort: port, remotePort: client.localPort, state: 'ESTABLISHED'}),
    );
    expect(before).toBeTypeOf('number');
    expect(await readPassiveOpens()).toBeGreaterThan(before ?? Number.POSITIVE_INFINITY);
  });

  test('an unknown process reads as empty, not as an error', async () => {
    expect(await readSocketTable(2 ** 30)).toEqual([]);
    expect(await readPassiveOpens(2 ** 30)).toBeUndefined();
  });
});

describe.runIf(process.platform === 'linux')('readTcpCounters', () => {
  test('an accepted connection moves PassiveOpens and CurrEstab; a SYN to a closed port moves OutRsts', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const {port} = server.address() as {port: number};
    onTestFinished(() => void server.close());
    const before = readTcpCounters();
    const client = connect(port, '127.0.0.1');
    onTestFinished(() => void client.destroy());
    await once(server, 'connection');
    const accepted = readTcpCounters();
    expect(accepted?.passiveOpens).toBeGreaterThan(before?.passiveOpens ?? Number.POSITIVE_INFINITY);
    expect(accepted?.currEstab).toBeGreaterThanOrEqual(2);

    client.destroy();
    server.close();

    await once(server, 'close');
    const refused = connect(port, '127.0.0.1');
    await expect(once(refused, 'error')).resolves.toEqual([expect.objectContaining({code: 'ECONNREFUSED'})]);
    expect(readTcpCounters()?.outRsts).toBeGreaterThan(accepted?.outRsts ?? Number.POSITIVE_INFINITY);
  });

  test('an unknown process reads as undefined', () => {
    expect(readTcpCounters(2 ** 30)).toBeUndefined();
  });
});
