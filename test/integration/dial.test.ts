import {once} from 'node:events';
import {createServer as createHttpServer} from 'node:http';
import {createServer, type Server} from 'node:net';
import {describe, expect, onTestFinished, test} from 'vitest';
import {runGraceful, startGraceful} from '../helpers/graceful.ts';
import {freePort} from '../helpers/net.ts';

// Listens on 127.0.0.1 port 0 and closes when the test ends; returns the port.
const listen = async (server: Server | ReturnType<typeof createHttpServer>): Promise<number> => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => {
    server.close();
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }

  return address.port;
};

const tcpServer = () => listen(createServer((socket) => socket.end()));

const httpServer = (status: number) =>
  listen(
    createHttpServer((_request, response) => {
      response.writeHead(status).end('x');
    }),
  );

const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('graceful dial', () => {
  test('a listening port: one connected line, a summary, exit 0', async () => {
    const port = await tcpServer();
    const result = await runGraceful(['dial', `127.0.0.1:${port}`, '--count', '5', '--interval', '20ms']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}: \\+\\+\\+ connected to 127\\.0\\.0\\.1:${port}$`, 'm'),
    );
    expect(result.stdout).toMatch(/: --- connected to .*: \d+ms$/m);
    expect(result.stdout).toContain('5 attempts');
    expect(result.stdout).toMatch(/connect: p50 [\d.]+ms, p99 [\d.]+ms/);
    expect(result.stdout).toMatch(/^timeline: \|=+\|/m);
  });

  test('a closed port: connection refused, exit 1', async () => {
    const port = await freePort();
    const result = await runGraceful(['dial', `localhost:${port}`, '--count', '3', '--interval', '10ms']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`+++ dial tcp 127.0.0.1:${port}: connect: connection refused`);
    expect(result.stdout).toMatch(/refused 3/);
    expect(result.stdout).toMatch(/lookup: p50 [\d.]+ms/);
  });

  test('refused, then connected once the server starts: both changes, the failing time, exit 1', async () => {
    const port = await freePort();
    const dial = startGraceful([
      'dial',
      `127.0.0.1:${port}`,
      '--interval',
      '20ms',
      '--duration',
      '20s',
      '--json',
    ]);
    await expect.poll(() => dial.stdout(), {timeout: 10_000}).toContain('"state":"refused"');
    const server = createServer((socket) => socket.end()).listen(port, '127.0.0.1');
    onTestFinished(() => {
      server.close();
    });
    await expect.poll(() => dial.stdout(), {timeout: 10_000}).toContain('"state":"connected"');
    dial.subprocess.kill('SIGINT');
    const {exitCode} = await dial.waitForExit();
    expect(exitCode).toBe(1);
    const events = jsonLines(dial.stdout());
    expect(events.map((event) => event.type === 'change' && event.state).filter(Boolean)).toEqual([
      'refused',
      'connected',
    ]);
    expect(events[1]).toMatchObject({previous: {state: 'refused'}});
    const summary = events.at(-1);
    expect(summary).toMatchObject({type: 'summary', ok: false});
    expect(summary?.failingMs).toBeGreaterThan(0);
    expect(summary?.timeline).toMatch(/^r+=+ *$/);
  });

  test('URL mode: 2xx is connected, other statuses fail with the status', async () => {
    const ok = await httpServer(204);
    const okResult = await runGraceful(['dial', `http://127.0.0.1:${ok}/healthz`, '--count', '2', '--json']);
    expect(okResult.exitCode).toBe(0);
    expect(jsonLines(okResult.stdout)[0]).toMatchObject({state: 'connected', address: `127.0.0.1:${ok}`});

    const bad = await httpServer(503);
    const badResult = await runGraceful([
      'dial',
      `http://localhost:${bad}/`,
      '--count',
      '2',
      '--timeout',
      '1s',
    ]);
    expect(badResult.exitCode).toBe(1);
    expect(badResult.stdout).toContain(`+++ GET http://localhost:${bad}/ via 127.0.0.1:${bad}: HTTP 503`);
  });

  test('a name that does not resolve: DNS failure', async () => {
    const result = await runGraceful(['dial', 'no-such-host.invalid:80', '--count', '1', '--json']);
    expect(result.exitCode).toBe(1);
    expect(jsonLines(result.stdout)[0]).toMatchObject({
      state: 'dns',
      text: 'dial tcp: lookup no-such-host.invalid: no such host',
    });
  });

  test('--duration bounds the run', async () => {
    const port = await tcpServer();
    const result = await runGraceful(['dial', `127.0.0.1:${port}`, '--duration', '300ms', '--json']);
    expect(result.exitCode).toBe(0);
    const summary = jsonLines(result.stdout).at(-1);
    expect(summary?.attempts).toBeGreaterThanOrEqual(2);
    expect(summary?.attempts).toBeLessThanOrEqual(4);
  });

  test.each([
    [['dial', 'web'], '<target>: expected host:port, [ipv6]:port or an http(s):// URL, got "web"'],
    [['dial', 'web:80', '--interval', 'often'], '--interval: expected a duration'],
    [['dial', 'web:80', '--timeout', '0'], '--timeout: expected a duration above 0'],
    [['dial', 'web:80', '--count', 'many'], '--count: expected a whole number of attempts ≥ 1, got "many"'],
    [['dial', 'web:80', '--dns-cache', 'long'], '--dns-cache: expected a duration'],
    [['dial', 'web:80', '--duration', 'x'], '--duration: expected a duration'],
    [['dial'], '<target>: expected host:port, [ipv6]:port or an http(s):// URL, got none'],
    [['dial', 'web:80', 'web:81'], 'unexpected "web:81": graceful dial takes no such argument'],
    [['dial', 'web:80', '--bogus'], '--bogus: unknown option (see graceful dial --help)'],
  ])('%j exits 2 with one line', async (args, message) => {
    const result = await runGraceful(args);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  test('a switch from its variable is read as a boolean: GRACEFUL_JSON=maybe exits 2 naming it', async () => {
    const result = await runGraceful(['dial', '--count', '1', '127.0.0.1:1'], {
      env: {GRACEFUL_JSON: 'maybe'},
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      'graceful: GRACEFUL_JSON="maybe": --json: expected true or false, got "maybe"',
    );
  });

  test.each<[string, number, RegExp]>([
    ['--json=maybe', 2, /^graceful: --json: expected true or false, got "maybe"$/],
    ['--json=false', 1, /^$/],
  ])('the switch written %s is read as its text, over its variable', async (word, exitCode, stderr) => {
    const result = await runGraceful(['dial', '--count', '1', word, '127.0.0.1:1'], {
      env: {GRACEFUL_JSON: 'true'},
    });
    expect(result.exitCode).toBe(exitCode);
    expect(result.stderr).toMatch(stderr);
    // --json=false: the human lines, not JSON.
    if (exitCode === 1) expect(result.stdout).toMatch(/^\S+: \+\+\+ dial tcp 127\.0\.0\.1:1/);
  });
});
