import {get} from 'node:http';
import {describe, expect, test} from 'vitest';
import {isAlive, type LogLine, startGraceful} from '../helpers/graceful.ts';
import {freePort, tryConnect} from '../helpers/net.ts';
import {createNginxSite} from '../helpers/nginx.ts';
import {missing} from '../helpers/prerequisites.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name;

// Starts a GET and resolves once the response headers arrived; `done` settles with the body's length.
const startDownload = (port: number, path: string) =>
  new Promise<{status: number; done: Promise<number>}>((resolve, reject) => {
    get({host: '127.0.0.1', port, path, agent: false}, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      const done = new Promise<number>((settle, fail) => {
        response.on('end', () => settle(bytes));
        response.on('error', fail);
      });
      resolve({status: response.statusCode ?? 0, done});
    }).on('error', reject);
  });

describe.skipIf(missing('nginx'))('a real nginx behind graceful', () => {
  test('serves during the drain, finishes an in-flight request during the stop, refuses during the refuse window, exits 0', async () => {
    const port = await freePort();
    const site = createNginxSite({port});
    const graceful = startGraceful([
      '--drain',
      '1s',
      '--stop-signal',
      'SIGQUIT',
      '--stop-timeout',
      '20s',
      '--refuse',
      '3s',
      '--',
      ...site.command,
    ]);
    await expect.poll(() => tryConnect(port), {timeout: 10_000}).toBe('connected');

    const slow = await startDownload(port, '/slow.bin');
    expect(slow.status).toBe(200);
    let slowFinished = false;
    void slow.done.then(() => {
      slowFinished = true;
    });

    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog(phase('draining'));
    // Draining: new clients are still served.
    expect(await tryConnect(port)).toBe('connected');
    const during = await startDownload(port, '/');
    expect(during.status).toBe(200);

    await graceful.waitForLog(phase('stopping'));
    expect(graceful.logs.find(phase('stopping'))?.msg).toContain('SIGQUIT');
    // nginx stops gracefully: the slow response is still in flight, and it completes in full.
    expect(slowFinished).toBe(false);
    expect(await slow.done).toBe(site.slowBytes);

    await graceful.waitForLog(phase('refusing'));
    // Refusing: the server is gone but graceful (the pod) is alive, so the port answers with RST at once.
    expect(await tryConnect(port)).toBe('refused');
    expect(isAlive(graceful.pid)).toBe(true);

    expect(await graceful.waitForExit(30_000)).toEqual({exitCode: 0, signal: undefined});
  });
});
