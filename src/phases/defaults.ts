// The default windows and shutdown signals: the wrapper's, the sidecar's, and what `plan --check` assumes
// when a pod leaves a flag unset.
export const DEFAULT_DRAIN_MS = 10_000;
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;
export const DEFAULT_REFUSE_MS = 5_000;
export const DEFAULT_SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
