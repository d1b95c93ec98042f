import {readdirSync, readlinkSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, test} from 'vitest';
import {readSocketTable} from '../../src/proc/connections.ts';
import {catchableSignals} from '../../src/signals/source.ts';
import {startAttack} from '../helpers/attack.ts';
import {isAlive, type LogLine, startGraceful} from '../helpers/graceful.ts';
import {httpRequest} from '../helpers/http.ts';
import {freePort} from '../helpers/net.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name && line.elapsedMs !== undefined;

const startSidecar = async (args: string[] = []) => {
  const port = await freePort();
  const sidecar = startGraceful([
    'sidecar',
    '--health-port',
    String(port),
    '--health-host',
    '127.0.0.1',
    ...args,
  ]);
  await sidecar.waitForLog(phase('running'));
  return {sidecar, port};
};

// The TCP ports a process itself listens on: LISTEN sockets of its namespace whose inode it holds.
const ownListeningPorts = async (pid: number): Promise<number[]> => {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return match?.[1] === undefined ? [] : [Number(match[1])];
      } catch {
        return [];
      }
    }),
  );
  return (await readSocketTable(pid))
    .filter((socket) => socket.state === 'LISTEN' && inodes.has(socket.inode))
    .map((socket) => socket.localPort);
};

describe('graceful sidecar: probes that get through', () => {
  test('200 idle and 64 slowloris connections: /livez, /readyz and /prestop still answer within 1 s', async () => {
    const {port} = await startSidecar(['--drain', '300ms', '--refuse', '0']);
    const attack = startAttack(port, {idle: 200, slow: 64});
    await attack.ready;
    const answer = async (path: string) => (await httpRequest(port, path, {timeoutMs: 1_000})).status;
    // Probe until the server has cut every connection of the crowd at least once (2 s headers timeout):
    // the probes meet the crowd at its fullest and while it reconnects.
    const deadline = AbortSignal.timeout(20_000);
    let rounds = 0;
    while (attack.closedByServer() < 264 || rounds < 3) {
      expect(deadline.aborted, `the crowd was cut ${attack.closedByServer()} times`).toBe(false);
      expect(await answer('/livez')).toBe(200);
      expect(await answer('/readyz')).toBe(200);
      rounds++;
    }

    // The kubelet's preStop call gets through too: held for the 300 ms drain, within the probe timeout.
    expect(await answer('/prestop')).toBe(200);
    expect(attack.open()).toBeGreaterThan(200);
  });
});

describe('graceful sidecar: stray signals', () => {
  test.each(['SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT', 'SIGALRM', 'SIGTTIN', 'SIGPIPE', 'SIGABRT'] as const)(
    '%s is logged and ignored; a normal SIGTERM then refuses and exits 0',
    async (signal) => {
      const {sidecar, port} = await startSidecar(['--refuse', '500ms']);
      process.kill(sidecar.pid, signal);
      await sidecar.waitForLog((line) => line.signal === signal);
      expect(isAlive(sidecar.pid)).toBe(true);
      expect((await httpRequest(port, '/livez')).status).toBe(200);
      expect((await httpRequest(port, '/readyz')).status).toBe(200);
      process.kill(sidecar.pid, 'SIGTERM');
      await sidecar.waitForLog(phase('refusing'));
      expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    },
  );

  test('every other catchable signal, one after the other: each logged, the sidecar still serving', async () => {
    const {sidecar, port} = await startSidecar(['--refuse', '0']);
    const strays = catchableSignals().names.filter((name) => name !== 'SIGTERM' && name !== 'SIGINT');
    expect(strays.length).toBeGreaterThan(25);
    for (const signal of strays) {
      process.kill(sidecar.pid, signal);
      await sidecar.waitForLog((line) => line.signal === signal, 5_000);
    }

    expect((await httpRequest(port, '/readyz')).status).toBe(200);
    process.kill(sidecar.pid, 'SIGTERM');
    expect(await sidecar.waitForExit()).toEqual({exitCode: 0, signal: undefined});
  });

  test('SIGUSR1 opens no inspector', async () => {
    const {sidecar, port} = await startSidecar();
    process.kill(sidecar.pid, 'SIGUSR1');
    await sidecar.waitForLog((line) => line.signal === 'SIGUSR1');
    // Proves that nothing happened: Node.js would have opened 127.0.0.1:9229 at once.
    await sleep(500);
    expect(await ownListeningPorts(sidecar.pid)).toEqual([port]);
    expect(sidecar.stderr()).not.toContain('Debugger listening');
  });
});
