import type {TcpCounters} from '../proc/connections.ts';

// One look at the namespace's counters, `atMs` after the observation began.
export interface CounterSample {
  atMs: number;
  counters: TcpCounters;
  // Connections graceful's own health port accepted so far (and its --ready-tcp checks that connected).
  ownAccepted: number;
}

// What clients did between the previous look and this one, graceful's own connections left out.
export interface Interval {
  // When the interval ended, in ms since the observation began.
  atMs: number;
  accepted: number;
  refused: number;
}

/*
Turns counter samples into client connections per interval. Graceful's own accept count is taken from the next
look: the kernel counts a health probe's handshake before Node.js accepts it, so a probe caught in between is
not mistaken for a client. Counts never go below what was already counted (`servedMax`), so such a probe is not
counted once it is explained either.
*/
export const intervalsOf = (samples: readonly CounterSample[]): Interval[] => {
  const [first] = samples;
  if (first === undefined) return [];
  let servedMax = 0;
  return samples.slice(1).map((sample, index) => {
    const previous = samples[index] ?? first;
    const ownLater = (samples[index + 2] ?? sample).ownAccepted;
    const served =
      sample.counters.passiveOpens - first.counters.passiveOpens - (ownLater - first.ownAccepted);
    const accepted = Math.max(0, served - servedMax);
    servedMax = Math.max(servedMax, served);
    return {
      atMs: sample.atMs,
      accepted,
      refused: Math.max(0, sample.counters.outRsts - previous.counters.outRsts),
    };
  });
};
