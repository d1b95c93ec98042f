// Bounds that keep misbehaving clients from holding the health server (README: "Limits of the health port").
export interface HealthLimits {
  // Connections at once; a new one takes the slot of the longest-waiting one with no request in flight.
  maxConnections: number;
  // From the connection (or the end of the previous response) to the end of the request's headers.
  headersTimeoutMs: number;
  // For the whole request, body included.
  requestTimeoutMs: number;
  // An idle keep-alive connection is closed after this long.
  keepAliveTimeoutMs: number;
  // Then the connection is closed: a pipelining client cannot keep one forever.
  maxRequestsPerSocket: number;
  maxHeaderBytes: number;
  readyTcpTimeoutMs: number;
}

/*
The kubelet opens a new connection for each probe (its prober disables keep-alive) and sends its request at
once; its probes time out after 1 s by default. So a connection that has not sent its headers within 2 s, or
sits idle 1 s after a response, is not the kubelet's and is closed. 512 slots hold a crowd of idle or slow
clients until those timeouts cut them (a socket costs a few KiB; Node.js raises the descriptor limit to the
hard limit at start). Beyond 512, the connection that waited longest without a request in flight makes room
for the new one, so idle or slow clients never hold the slot a probe needs; only requests in flight keep
theirs: /prestop holds (at most --prestop-max) and /readyz's --ready-tcp check (at most 1 s).
*/
export const DEFAULT_HEALTH_LIMITS: HealthLimits = {
  maxConnections: 512,
  headersTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
  keepAliveTimeoutMs: 1_000,
  maxRequestsPerSocket: 100,
  maxHeaderBytes: 8_192,
  readyTcpTimeoutMs: 1_000,
};
