// How the health port holds up against a crowd of hostile clients (README: "Limits of the health port").
// Starts `graceful sidecar` on a free loopback port, opens `idle` connections that never send a byte and
// `slow` ones that send a header byte every 100 ms, each opened again as soon as it is closed, then sends 100
// probes (GET /livez, 1 s timeout, the kubelet's default) and prints one JSON line: failed probes, p50, p99.
// Usage (after npm run build): node lab/health-flood.ts [idle=1000] [slow=64]
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {request} from 'node:http';
import {connect, createServer} from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {CLI} from './clients.ts';

const [idle = 1_000, slow = 64] = process.argv.slice(2).map(Number);
const PROBES = 100;

const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const {port} = server.address() as {port: number};
  server.close();
  return port;
};

const port = await freePort();
const sidecar = spawn(
  process.execPath,
  [CLI, 'sidecar', '--health-port', String(port), '--health-host', '127.0.0.1'],
  {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, GRACEFUL_LOG_FORMAT: 'json'}},
);
process.once('exit', () => sidecar.kill('SIGKILL'));
let output = '';
for await (const chunk of sidecar.stderr) {
  output += String(chunk);
  if (output.includes('"phase":"running"')) break;
}

let stopping = false;
const open = (kind: 'idle' | 'slow'): void => {
  if (stopping) return;
  const socket = connect(port, '127.0.0.1');
  let timer: NodeJS.Timeout | undefined;
  socket.on('error', () => {});
  socket.resume();
  socket.once('connect', () => {
    if (kind === 'slow') {
      socket.write('GET /livez HTTP/1.1\r\nX-Slow: ');
      timer = setInterval(() => socket.write('a'), 100);
    }
  });
  socket.once('close', () => {
    clearInterval(timer);
    open(kind);
  });
};
for (let index = 0; index < idle; index++) open('idle');
for (let index = 0; index < slow; index++) open('slow');
// Let the crowd connect before the probes.
await sleep(1_000);

const probe = (): Promise<{ok: boolean; ms: number}> =>
  new Promise((resolve) => {
    const startedAt = performance.now();
    const done = (ok: boolean) => resolve({ok, ms: performance.now() - startedAt});
    const outgoing = request(
      {host: '127.0.0.1', port, path: '/livez', agent: false, timeout: 1_000},
      (response) => {
        response.resume();
        response.once('end', () => done(response.statusCode === 200));
      },
    );
    outgoing.once('timeout', () => outgoing.destroy());
    outgoing.once('error', () => done(false));
    outgoing.end();
  });

const results: {ok: boolean; ms: number}[] = [];
for (let index = 0; index < PROBES; index++) {
  results.push(await probe());
  await sleep(30);
}

stopping = true;
const times = results.map((result) => result.ms).sort((a, b) => a - b);
const percentile = (p: number): string => (times[Math.floor((times.length - 1) * p)] ?? 0).toFixed(1);
console.log(
  JSON.stringify({
    idle,
    slow,
    probes: PROBES,
    failed: results.filter((result) => !result.ok).length,
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
  }),
);
process.exit(0);
