import {timingSafeEqual} from 'node:crypto';
import {once} from 'node:events';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {GracefulError} from '../errors.ts';
import {createConnectionSlots} from './connection-slots.ts';
import {DEFAULT_HEALTH_LIMITS, type HealthLimits} from './limits.ts';
import type {DrainReadiness} from './options.ts';
import {isReadyState, type ProbeState} from './readiness.ts';
import {checkTcp, connectedChecks} from './tcp-check.ts';

// The Prometheus text page /metrics serves (src/report/metrics.ts makes it).
export interface MetricsPage {
  contentType: string;
  body: string;
}

// The mode's phase, what it means to the probes, and its window.
export interface HealthStatus {
  // As the mode's logs name it: the answers and /metrics show it.
  phase: string;
  // What /readyz answers from.
  probe: ProbeState;
  // The current phase's planned length, if it has one.
  windowMs: number | undefined;
  // performance.now() when the phase began.
  enteredAtMs: number;
}

// The status of a phase that begins now.
export const enteredStatus = (
  phase: string,
  probe: ProbeState,
  windowMs: number | undefined,
): HealthStatus => ({
  phase,
  probe,
  windowMs,
  enteredAtMs: performance.now(),
});

// Where the health endpoints listen and what they check.
export interface HealthServerOptions {
  port: number;
  // undefined: every address (the kubelet calls the pod IP).
  host: string | undefined;
  // /readyz also requires this port to accept connections.
  readyTcp: {host: string; port: number} | undefined;
  // At most this many /prestop requests held at once; 503 beyond.
  prestopMax: number;
  // When set, /prestop requires the header `X-Graceful-Token: <token>`.
  prestopToken: string | undefined;
  // What /readyz answers while draining.
  drainReadiness: DrainReadiness;
  limits?: Partial<HealthLimits>;
}

// How often Node.js checks the headers and request timeouts (30 s by default).
const TIMEOUT_CHECK_MS = 250;

// Read-only views of graceful, plus the sidecar's drain: nothing here can stop or signal the child.
export interface HealthHandlers {
  status: () => HealthStatus;
  // Sidecar only: starts the drain or joins it; settles when it ends.
  prestop?: () => Promise<void>;
  // The Prometheus text for /metrics.
  metrics?: () => Promise<MetricsPage>;
}

// A running health server.
export interface HealthServer {
  port: number;
  // Connections accepted so far, and --ready-tcp checks that connected (the quiet drain and the shutdown
  // report subtract them from the namespace's count).
  accepted: () => number;
  // Connections closed to make room for new ones so far.
  evicted: () => number;
  close: () => Promise<void>;
}

const send = (request: IncomingMessage, response: ServerResponse, status: number, body: object): void => {
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : text);
};

const describeStatus = ({phase, windowMs, enteredAtMs}: HealthStatus) => ({
  phase,
  windowMs,
  remainingMs:
    windowMs === undefined
      ? undefined
      : Math.max(0, Math.round(windowMs - (performance.now() - enteredAtMs))),
});

const tokenMatches = (expected: string, given: string | string[] | undefined): boolean => {
  const a = Buffer.from(expected);
  const b = Buffer.from(typeof given === 'string' ? given : '');
  return a.length === b.length && timingSafeEqual(a, b);
};

// Starts /livez, /readyz and (sidecar) /prestop on node:http; only GET and HEAD.
export const startHealthServer = async (
  options: HealthServerOptions,
  handlers: HealthHandlers,
): Promise<HealthServer> => {
  const limits = {...DEFAULT_HEALTH_LIMITS, ...options.limits};
  let accepted = 0;
  // graceful's own --ready-tcp checks (this server's and the sidecar's watch) from now on.
  const checksAtStart = connectedChecks();
  let held = 0;
  const closing = new AbortController();

  const isReady = async (status: HealthStatus): Promise<boolean> =>
    isReadyState(status.probe, options.drainReadiness) &&
    (options.readyTcp === undefined ||
      (await checkTcp(options.readyTcp.host, options.readyTcp.port, limits.readyTcpTimeoutMs)));

  const prestop = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (handlers.prestop === undefined) {
      send(request, response, 404, {error: 'not found: /prestop is served by graceful sidecar'});
      return;
    }

    if (
      options.prestopToken !== undefined &&
      !tokenMatches(options.prestopToken, request.headers['x-graceful-token'])
    ) {
      send(request, response, 403, {error: 'missing or wrong X-Graceful-Token'});
      return;
    }

    if (held >= options.prestopMax) {
      send(request, response, 503, {error: `already holding ${held} /prestop requests`});
      return;
    }

    held++;
    const startedAt = performance.now();
    // A caller that hangs up gives its slot back at once: stray calls must not use up --prestop-max.
    const hungUp = once(response, 'close').catch(() => {});
    try {
      await Promise.race([handlers.prestop(), once(closing.signal, 'abort'), hungUp]);
    } finally {
      held--;
    }

    if (response.destroyed) return;
    if (closing.signal.aborted) {
      send(request, response, 503, {error: 'graceful is exiting'});
      return;
    }

    send(request, response, 200, {
      ...describeStatus(handlers.status()),
      heldMs: Math.round(performance.now() - startedAt),
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      send(request, response, 405, {error: `method ${request.method} not allowed`});
      return;
    }

    const path = (request.url ?? '').split('?')[0];
    const status = handlers.status();
    switch (path) {
      case '/livez':
        send(request, response, 200, describeStatus(status));
        return;
      case '/readyz': {
        const ready = await isReady(status);
        send(request, response, ready ? 200 : 503, {...describeStatus(status), ready});
        return;
      }

      case '/prestop':
        await prestop(request, response);
        return;
      case '/metrics': {
        if (handlers.metrics === undefined) {
          send(request, response, 404, {error: 'not found: /metrics'});
          return;
        }

        const page = await handlers.metrics();
        response.writeHead(200, {
          'content-type': page.contentType,
          'content-length': Buffer.byteLength(page.body),
          'cache-control': 'no-store',
        });
        response.end(request.method === 'HEAD' ? undefined : page.body);
        return;
      }
      default:
        send(request, response, 404, {error: `not found: ${path}`});
    }
  };

  const slots = createConnectionSlots<Socket>(limits.maxConnections);
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      requestTimeout: limits.requestTimeoutMs,
      // Node.js refuses a headers timeout above the request timeout.
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node.js 24 adds 1 s to the keep-alive timeout by default; the limit is the limit.
      keepAliveTimeoutBuffer: 0,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, limits.headersTimeoutMs),
    },
    (request, response) => {
      const socket = request.socket;
      slots.requestStarted(socket);
      response.once('close', () => slots.requestEnded(socket));
      handle(request, response).catch(() => response.destroy());
    },
  );
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  server.on('connection', (socket: Socket) => {
    accepted++;
    socket.once('close', () => slots.remove(socket));
    slots.admit(socket);
  });

  server.listen({port: options.port, host: options.host});
  try {
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GracefulError(
      `--health-port: cannot listen on ${options.host ?? '*'}:${options.port} (${code ?? (error as Error).message})`,
    );
  }

  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : options.port,
    accepted: () => accepted + connectedChecks() - checksAtStart,
    evicted: slots.evicted,
    close: async () => {
      closing.abort();
      server.closeIdleConnections();
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
};
