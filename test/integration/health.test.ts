import {describe, expect, test} from 'vitest';
import {nodeFixture} from '../helpers/fixtures.ts';
import {isAlive, type LogLine, runGraceful, startGraceful} from '../helpers/graceful.ts';
import {httpRequest} from '../helpers/http.ts';
import {freePort} from '../helpers/net.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name;

describe('graceful --health-port (wrapper)', () => {
  test('/readyz turns 503 when the drain starts; /livez stays 200 until graceful exits', async () => {
    const port = await freePort();
    const graceful = startGraceful([
      '--health-port',
      String(port),
      '--health-host',
      '127.0.0.1',
      '--drain',
      '2s',
      '--refuse',
      '1s',
      '--',
      ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM'),
    ]);
    await graceful.waitForLog(phase('running'));
    await expect.poll(async () => (await httpRequest(port, '/readyz')).status).toBe(200);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(phase('draining'));
    const draining = await httpRequest(port, '/readyz');
    expect(draining.status).toBe(503);
    expect(JSON.parse(draining.body)).toMatchObject({phase: 'draining', ready: false, windowMs: 2_000});
    await graceful.waitForLog(phase('refusing'));
    const refusing = await httpRequest(port, '/livez');
    expect(refusing.status).toBe(200);
    expect(JSON.parse(refusing.body)).toMatchObject({phase: 'refusing'});
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    await expect(httpRequest(port, '/livez')).rejects.toThrow(/ECONNREFUSED/);
  });

  test('--ready-tcp: /readyz is 503 until the server accepts connections', async () => {
    const [port, serverPort] = [await freePort(), await freePort()];
    const graceful = startGraceful([
      '--health-port',
      String(port),
      '--ready-tcp',
      String(serverPort),
      '--',
      ...nodeFixture('tcp-server.mjs', String(serverPort), '127.0.0.1', '--listen-after', '3000'),
    ]);
    await graceful.waitForLog(phase('running'));
    await expect.poll(async () => (await httpRequest(port, '/livez')).status).toBe(200);
    expect((await httpRequest(port, '/readyz')).status).toBe(503);
    await graceful.waitForStdout(/listening/);
    expect((await httpRequest(port, '/readyz')).status).toBe(200);
  });

  test('no request can stop or signal the child', async () => {
    const port = await freePort();
    const graceful = startGraceful([
      '--health-port',
      String(port),
      '--',
      ...nodeFixture('print-signals.mjs'),
    ]);
    const [, pid] = await graceful.waitForStdout(/ready (\d+)/);
    await expect.poll(async () => (await httpRequest(port, '/livez')).status).toBe(200);
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE']) {
      for (const path of ['/livez', '/readyz', '/prestop', '/stop', '/kill', '/quitquitquit']) {
        await httpRequest(port, path, {method});
      }
    }

    expect(isAlive(Number(pid))).toBe(true);
    expect(graceful.stdout()).not.toMatch(/signal /);
    expect(graceful.logs.filter((line) => line.phase !== undefined).map((line) => line.phase)).toEqual([
      'running',
    ]);
  });

  test.each([
    [['--drain-min', '5s'], '--drain-min: "5s" given without --quiet'],
    [['--drain', '5s', '--quiet', '1s', '--drain-min', '10s'], '--drain-min (10s) exceeds --drain (5s)'],
    [['--health-port', '99999'], '--health-port: expected a TCP port from 1 to 65535, got "99999"'],
    [['--ready-tcp', '80'], '--ready-tcp: "80" given without --health-port'],
  ])('%j exits 2 and starts nothing', async (args, message) => {
    const result = await runGraceful([...args, '--', 'true']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('a health port in use: exit 1 with the reason, the child is never started', async () => {
    const port = await freePort();
    const holder = startGraceful(['--health-port', String(port), '--', ...nodeFixture('print-signals.mjs')]);
    await expect.poll(async () => (await httpRequest(port, '/livez')).status).toBe(200);
    const result = await runGraceful(['--health-port', String(port), '--', 'sh', '-c', 'echo started']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/--health-port: cannot listen on \*:\d+ \(EADDRINUSE\)/);
    expect(result.stdout).not.toContain('started');
    expect(isAlive(holder.pid)).toBe(true);
  });
});
