// What the lab's kubelet and control plane did, with wall-clock times, for timelines and assertions.
export type LabEventKind =
  | 'container-started'
  | 'pod-ready'
  // The pod's readiness probe failed after it had been ready.
  | 'pod-unready'
  // The kubelet restarts the main container (preStop, stop, start), as after a failed liveness probe.
  | 'restart'
  | 'endpoint-added'
  | 'delete'
  | 'endpoint-removed'
  // A container's preStop hook began (sleep or httpGet), and how it ended.
  | 'prestop'
  | 'prestop-done'
  // A container's stop signal (detail: which), the SIGKILL once its budget is spent, its exit.
  | 'stop-signal'
  | 'sigkill'
  | 'container-exited'
  | 'pod-gone';

// One event: when, what, which pod (and container), and details such as an exit status.
export interface LabEvent {
  atMs: number;
  kind: LabEventKind;
  pod: string;
  container?: string;
  detail?: string;
}

// An append-only event log with a first-match wait.
export interface EventLog {
  events: LabEvent[];
  record: (kind: LabEventKind, pod: string, detail?: string, container?: string) => LabEvent;
  find: (kind: LabEventKind, pod?: string) => LabEvent | undefined;
}

// Makes an empty event log.
export const createEventLog = (now: () => number = Date.now): EventLog => {
  const events: LabEvent[] = [];
  return {
    events,
    record: (kind, pod, detail, container) => {
      const event: LabEvent = {atMs: now(), kind, pod};
      if (container !== undefined) event.container = container;
      if (detail !== undefined) event.detail = detail;
      events.push(event);
      return event;
    },
    find: (kind, pod) =>
      events.find((event) => event.kind === kind && (pod === undefined || event.pod === pod)),
  };
};

// Settles on the first event (past or future) that matches, or rejects after the deadline saying what it awaited.
export const waitForEvent = async (
  log: EventLog,
  match: (event: LabEvent) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<LabEvent> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = log.events.find(match);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

// The longest time from a pod's delete to its IP being gone (0 when no pod was deleted).
export const podLifetimeMs = (events: readonly LabEvent[]): number =>
  Math.max(
    0,
    ...events
      .filter((event) => event.kind === 'pod-gone')
      .map(
        (gone) =>
          gone.atMs -
          (events.find((event) => event.kind === 'delete' && event.pod === gone.pod)?.atMs ?? gone.atMs),
      ),
  );
