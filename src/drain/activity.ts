// What one look at the pod's network namespace saw: two counters, whatever the number of connections.
export interface Observation {
  // The namespace's Tcp PassiveOpens counter (every accepted connection, IPv4 and IPv6).
  passiveOpens: number;
  // Connections graceful's own health server has accepted so far (and its --ready-tcp checks that connected).
  ownAccepted: number;
}

// What the tracker remembers between observations.
export interface ActivityTracker {
  passiveOpensAtStart: number;
  // The counter one observation ago: connections it counted have had a full poll to be accepted by graceful's
  // own health server, so a health probe caught between the kernel's handshake and Node.js' accept is not a client.
  passiveOpensBefore: number;
  ownAcceptedAtStart: number;
  // The most accepted connections so far that graceful's own accepts do not explain.
  servedMax: number;
}

// Starts tracking from a first observation: whatever was accepted before is not new.
export const startTracking = (observation: Observation): ActivityTracker => ({
  passiveOpensAtStart: observation.passiveOpens,
  passiveOpensBefore: observation.passiveOpens,
  ownAcceptedAtStart: observation.ownAccepted,
  servedMax: 0,
});

// Counts new client connections since the last observation: the namespace's accepted connections that
// graceful's own health server did not accept. Reads two counters instead of the socket table, so its cost
// does not grow with the pod's connections.
export const trackActivity = (
  tracker: ActivityTracker,
  observation: Observation,
): {tracker: ActivityTracker; newConnections: number} => {
  const own = observation.ownAccepted - tracker.ownAcceptedAtStart;
  const served = tracker.passiveOpensBefore - tracker.passiveOpensAtStart - own;
  return {
    tracker: {
      ...tracker,
      passiveOpensBefore: observation.passiveOpens,
      servedMax: Math.max(tracker.servedMax, served),
    },
    newConnections: Math.max(0, served - tracker.servedMax),
  };
};

// When a quiet drain may end, in ms since the drain began: at `drainMs`, or once `drainMinMs` has passed
// and nothing new arrived for `quietMs` (the drain's start counts as the first arrival).
export const quietDrainEndMs = ({
  drainMs,
  drainMinMs,
  quietMs,
  lastActivityMs,
}: {
  drainMs: number;
  drainMinMs: number;
  quietMs: number;
  lastActivityMs: number;
}): number => Math.min(drainMs, Math.max(drainMinMs, lastActivityMs + quietMs));
