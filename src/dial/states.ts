// The outcome of one dial attempt, one field (Go's net errors and the seed's dialer name these).
export type DialState = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'dns' | 'http' | 'error';

// Every state, in the order summaries list them.
export const DIAL_STATES: readonly DialState[] = [
  'connected',
  'refused',
  'timeout',
  'unreachable',
  'dns',
  'http',
  'error',
];

// One attempt: when it started, how it ended, and what it took.
export interface Attempt {
  atMs: number;
  state: DialState;
  // The address dialed (ip:port), when the name resolved.
  address?: string;
  // Error code, HTTP status or similar, for the line printed on a change.
  detail?: string;
  lookupMs?: number;
  connectMs?: number;
}

// True for every state except connected.
export const isFailure = (state: DialState): boolean => state !== 'connected';

// Maps a Node.js error code from connect to a dial state.
export const classifyConnectError = (code: string | undefined): DialState => {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return 'unreachable';
    default:
      return 'error';
  }
};

// The Go-like text of an attempt, as in `dial tcp 10.0.0.7:80: connect: connection refused`.
export const describeAttempt = (attempt: Attempt, target: string): string => {
  const where = attempt.address ?? target;
  switch (attempt.state) {
    case 'connected':
      return `connected to ${where}`;
    case 'refused':
      return `dial tcp ${where}: connect: connection refused`;
    case 'timeout':
      return `dial tcp ${where}: i/o timeout`;
    case 'unreachable':
      return `dial tcp ${where}: connect: no route to host (${attempt.detail ?? 'unreachable'})`;
    case 'dns':
      return `dial tcp: ${attempt.detail ?? `lookup ${target}: failed`}`;
    case 'http':
      return `GET ${target} via ${where}: HTTP ${attempt.detail ?? 'error'}`;
    case 'error':
      return `dial tcp ${where}: ${attempt.detail ?? 'error'}`;
  }
};

// Two attempts continue one period when state, address and detail agree (a new pod IP is a change).
export const sameState = (a: Attempt, b: Attempt): boolean =>
  a.state === b.state && a.address === b.address && a.detail === b.detail;
