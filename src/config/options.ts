// What the user may give for `graceful run`, from flags or GRACEFUL_* variables (strings until normalized).
export interface RunOptionsInput {
  drain?: string | number;
  stopSignal?: string | number;
  stopTimeout?: string | number;
  refuse?: string | number;
  gracePeriod?: string | number;
  shutdownSignals?: string | string[];
  rewrite?: string | string[];
  signalGroup?: string | boolean;
  logLevel?: string;
  logFormat?: string;
}

// The resolved options every part of the supervisor works from.
export interface RunOptions {
  command: string;
  args: string[];
  drainMs: number;
  // undefined: stop the child with the shutdown signal that graceful received.
  stopSignal: NodeJS.Signals | undefined;
  stopTimeoutMs: number;
  refuseMs: number;
  gracePeriodMs: number | undefined;
  shutdownSignals: NodeJS.Signals[];
  rewrite: Partial<Record<NodeJS.Signals, NodeJS.Signals>>;
  signalGroup: boolean;
}

export const DEFAULT_DRAIN_MS = 10_000;
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;
export const DEFAULT_REFUSE_MS = 5_000;
export const DEFAULT_SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
