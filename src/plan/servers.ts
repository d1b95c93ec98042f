// The servers whose own stop behaviour graceful knows, and how to recognise them in a container.

// A server kind, for --server and for what `plan --check` and `inject` detect from an image.
export type ServerKind =
  | 'generic'
  | 'nginx'
  | 'mongos'
  | 'mongod'
  | 'haproxy'
  | 'envoy'
  | 'httpd'
  | 'postgres'
  | 'redis'
  | 'java'
  | 'node';

// What a server needs to stop cleanly, and which signal asks it to.
export interface ServerProfile {
  // How long the server takes to stop once asked (its own shutdown timeout, or what graceful assumes).
  stopMs: number;
  // The signal for a clean stop: graceful's --stop-signal, and the stock image's STOPSIGNAL.
  stopSignal: NodeJS.Signals;
  // Signals that stop it at once, dropping what it serves.
  fastSignals: NodeJS.Signals[];
  // The stock image and the command the snippets render.
  image: string;
  command: string[];
  // Why it needs that long, with the source of the number.
  stopReason: string;
}

// Each number's source is in its stopReason; `graceful plan --help` and the README list them.
export const SERVER_PROFILES: Record<ServerKind, ServerProfile> = {
  generic: {
    stopMs: 5_000,
    stopSignal: 'SIGTERM',
    fastSignals: [],
    image: 'your-server-image',
    command: ['/your/server'],
    stopReason: 'a generic server is assumed to stop within 5s (set --server-stop)',
  },
  // nginx docs: SIGQUIT is the graceful shutdown, TERM/INT the fast one; worker_shutdown_timeout bounds it.
  nginx: {
    stopMs: 10_000,
    stopSignal: 'SIGQUIT',
    fastSignals: ['SIGTERM', 'SIGINT'],
    image: 'nginx:1.27',
    command: ['nginx', '-g', 'daemon off;'],
    stopReason: 'nginx finishes its requests on SIGQUIT; set worker_shutdown_timeout 10s to bound it',
  },
  // MongoDB 5.0+: mongosShutdownTimeoutMillisForSignaledShutdown, default 15000.
  mongos: {
    stopMs: 15_000,
    stopSignal: 'SIGTERM',
    fastSignals: [],
    image: 'mongo:8.0',
    command: ['mongos', '--config', '/etc/mongos.conf'],
    stopReason: 'mongos quiesces 15s on SIGTERM (mongosShutdownTimeoutMillisForSignaledShutdown)',
  },
  // MongoDB 5.0+: shutdownTimeoutMillisForSignaledShutdown, default 15000.
  mongod: {
    stopMs: 15_000,
    stopSignal: 'SIGTERM',
    fastSignals: [],
    image: 'mongo:8.0',
    command: ['mongod', '--config', '/etc/mongod.conf'],
    stopReason: 'mongod quiesces up to 15s on SIGTERM (shutdownTimeoutMillisForSignaledShutdown)',
  },
  // HAProxy management guide: SIGUSR1 is the soft stop (the official image's STOPSIGNAL), SIGTERM the hard one;
  // hard-stop-after has no default.
  haproxy: {
    stopMs: 10_000,
    stopSignal: 'SIGUSR1',
    fastSignals: ['SIGTERM', 'SIGINT'],
    image: 'haproxy:3.0',
    command: ['haproxy', '-W', '-db', '-f', '/usr/local/etc/haproxy/haproxy.cfg'],
    stopReason:
      'haproxy soft-stops on SIGUSR1 and waits for its connections; set hard-stop-after 10s to bound it',
  },
  // Envoy exits on SIGTERM without draining (its drain is the admin /drain_listeners, which graceful's drain replaces).
  envoy: {
    stopMs: 5_000,
    stopSignal: 'SIGTERM',
    fastSignals: [],
    image: 'envoyproxy/envoy:v1.31-latest',
    command: ['envoy', '-c', '/etc/envoy/envoy.yaml'],
    stopReason: 'envoy exits promptly on SIGTERM; 5s covers it',
  },
  // Apache httpd "Stopping and Restarting": SIGWINCH is graceful-stop (the official image's STOPSIGNAL),
  // SIGTERM stops at once; GracefulShutdownTimeout defaults to 0, no limit.
  httpd: {
    stopMs: 10_000,
    stopSignal: 'SIGWINCH',
    fastSignals: ['SIGTERM', 'SIGINT'],
    image: 'httpd:2.4',
    command: ['httpd-foreground'],
    stopReason: 'httpd finishes its requests on SIGWINCH; set GracefulShutdownTimeout 10 to bound it',
  },
  // PostgreSQL "Shutting Down the Server": SIGINT is the fast shutdown (the official image's STOPSIGNAL), SIGTERM
  // waits for every client to leave, SIGQUIT is an immediate crash-like stop; pg_ctl waits 60 s by default.
  postgres: {
    stopMs: 60_000,
    stopSignal: 'SIGINT',
    fastSignals: ['SIGQUIT'],
    image: 'postgres:17',
    command: ['postgres'],
    stopReason: "postgres's fast shutdown (SIGINT) writes a checkpoint; pg_ctl allows it 60s (PGCTLTIMEOUT)",
  },
  // redis.conf: shutdown-timeout 10 (Redis 7.0+) waits for replicas, then the final save.
  redis: {
    stopMs: 10_000,
    stopSignal: 'SIGTERM',
    fastSignals: [],
    image: 'redis:7.4',
    command: ['redis-server'],
    stopReason: 'redis waits up to shutdown-timeout 10s for its replicas on SIGTERM, then saves',
  },
  // Spring Boot: spring.lifecycle.timeout-per-shutdown-phase defaults to 30s (with server.shutdown=graceful).
  java: {
    stopMs: 30_000,
    stopSignal: 'SIGTERM',
    fastSignals: [],
    image: 'eclipse-temurin:21-jre',
    command: ['java', '-jar', '/app/app.jar'],
    stopReason:
      "a Spring Boot app's graceful shutdown waits up to 30s (spring.lifecycle.timeout-per-shutdown-phase)",
  },
  // Node.js "Signal events": without a handler SIGTERM ends the process at once; 5 s leaves an app's handler room.
  node: {
    stopMs: 5_000,
    stopSignal: 'SIGTERM',
    fastSignals: [],
    image: 'node:22',
    command: ['node', '/app/server.js'],
    stopReason: 'Node.js exits at once on SIGTERM unless the app handles it; 5s leaves its handler room',
  },
};

// Every server kind, for --server.
export const SERVER_KINDS = Object.keys(SERVER_PROFILES) as ServerKind[];

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

// The repository of an image without registry, tag or digest: `docker.io/library/nginx:1.27` → `library/nginx`.
export const imageRepository = (image: string | undefined): string => {
  const withoutDigest = (image ?? '').split('@')[0] ?? '';
  const parts = withoutDigest.split('/');
  const last = parts.pop() ?? '';
  // A first part with a dot, a colon or `localhost` is a registry.
  if (parts.length > 0 && /[.:]|^localhost$/.test(parts[0] ?? '')) {
    parts.shift();
  }

  return [...parts, last.split(':')[0] ?? ''].join('/');
};

// The image's own name, without path: `bitnami/redis:7` → `redis`.
export const imageName = (image: string | undefined): string => basename(imageRepository(image));

// Program names (argv[0]) that tell the server.
const PROGRAMS: Record<string, ServerKind> = {
  nginx: 'nginx',
  openresty: 'nginx',
  mongos: 'mongos',
  mongod: 'mongod',
  haproxy: 'haproxy',
  envoy: 'envoy',
  httpd: 'httpd',
  'httpd-foreground': 'httpd',
  apache2: 'httpd',
  postgres: 'postgres',
  'redis-server': 'redis',
  java: 'java',
  node: 'node',
};

// Image names that tell the server when the command is the image's own.
const IMAGES: [RegExp, ServerKind][] = [
  [/^(nginx|openresty)/, 'nginx'],
  [/^mongo/, 'mongod'],
  [/^haproxy/, 'haproxy'],
  [/^envoy/, 'envoy'],
  [/^(httpd|apache)/, 'httpd'],
  [/^(postgres|postgis)/, 'postgres'],
  [/^(redis|valkey)/, 'redis'],
  [/^(eclipse-temurin|openjdk|amazoncorretto|ibm-semeru-runtimes|java)$|spring/, 'java'],
  [/^node$/, 'node'],
];

// The server a container runs: by its program (after graceful's `--` when wrapped), else by its image's name.
export const detectServer = (image: string | undefined, argv: string[]): ServerKind => {
  // mongo's image runs mongod unless told mongos, in its command or its arguments.
  if (argv.some((token) => basename(token) === 'mongos')) {
    return 'mongos';
  }

  const program = argv[0] === undefined ? undefined : PROGRAMS[basename(argv[0])];
  if (program !== undefined) {
    return program;
  }

  const name = imageName(image);
  return IMAGES.find(([pattern]) => pattern.test(name))?.[1] ?? 'generic';
};

// True for an official image of a known server (no graceful inside): `nginx:1.27`, `docker.io/library/redis`.
export const isStockImage = (image: string | undefined): boolean => {
  const repository = imageRepository(image);
  const name = repository.startsWith('library/') ? repository.slice('library/'.length) : repository;
  return (
    !name.includes('/') &&
    SERVER_KINDS.some((kind) => kind !== 'generic' && imageName(SERVER_PROFILES[kind].image) === name)
  );
};
