// `npm run demo`: wraps a real server (nginx when installed, else examples/local/server.mjs) in graceful, sends it
// SIGTERM as the kubelet would, and probes the port every 100 ms to show drain → stop → refuse.
import {spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {rmSync} from 'node:fs';
import {createServer, Socket} from 'node:net';
import {fileURLToPath} from 'node:url';
import {writeNginxSite} from './nginx-site.ts';

const CLI = fileURLToPath(new URL('../dist/graceful.mjs', import.meta.url));
const SERVER = fileURLToPath(new URL('../examples/local/server.mjs', import.meta.url));
const started = performance.now();
const stamp = (): string => `${((performance.now() - started) / 1_000).toFixed(1).padStart(5)}s`;
const say = (text: string): void => console.log(`${stamp()}  demo: ${text}`);

const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const {port} = server.address() as {port: number};
  server.close();
  return port;
};

type Probe = 'connected' | 'refused' | 'timeout' | 'error';
const probe = (port: number): Promise<Probe> =>
  new Promise((resolve) => {
    const socket = new Socket();
    const finish = (result: Probe): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(100, () => finish('timeout'));
    socket.once('connect', () => finish('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : 'error'),
    );
    socket.connect(port, '127.0.0.1');
  });

const port = await freePort();
const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => spawnSync(path, ['-v']).status === 0);
const site = nginx === undefined ? undefined : writeNginxSite({nginx, port});
const server = site?.command ?? [process.execPath, SERVER, String(port)];
// nginx stops gracefully on SIGQUIT (SIGTERM is its fast stop); the example server on SIGTERM.
const stopSignal = site === undefined ? [] : ['--stop-signal', 'SIGQUIT'];
const flags = [
  '--drain',
  '3s',
  ...stopSignal,
  '--stop-timeout',
  '5s',
  '--refuse',
  '3s',
  '--log-format',
  'pretty',
];
say(
  `graceful ${flags.join(' ')} -- ${site === undefined ? 'node examples/local/server.mjs' : 'nginx'} on 127.0.0.1:${port}`,
);
const graceful = spawn(process.execPath, [CLI, ...flags, '--', ...server], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {...process.env, PORT: String(port)},
});
const exited = once(graceful, 'exit') as Promise<[number | null, string | null]>;
let running = true;
void exited.then(() => {
  running = false;
});

const counts = new Map<string, number>();
// Counting starts with the first connect: before it, the server was still starting.
let last: Probe | undefined;
let sent = false;
while (running) {
  const result = await probe(port);
  if (last !== undefined || result === 'connected') counts.set(result, (counts.get(result) ?? 0) + 1);
  if (result !== last) {
    say(`probe: ${result}`);
    last = result;
  }

  if (!sent && result === 'connected' && performance.now() - started > 1_500) {
    say('SIGTERM to graceful, as the kubelet does when the pod is deleted');
    graceful.kill('SIGTERM');
    sent = true;
  }

  await new Promise((resolve) => setTimeout(resolve, 100));
}

const [code] = await exited;
if (site !== undefined) rmSync(site.dir, {recursive: true, force: true});
say(
  `graceful exited ${code}; probes: ${[...counts].map(([state, count]) => `${count} ${state}`).join(', ')}`,
);
const hung = (counts.get('timeout') ?? 0) + (counts.get('error') ?? 0);
say(
  hung === 0
    ? 'no probe hung: the server served through the drain, then the port refused at once while the pod stayed'
    : `${hung} probes failed without an answer`,
);
process.exitCode = hung === 0 ? (code ?? 1) : 1;
