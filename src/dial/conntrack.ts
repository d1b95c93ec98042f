// Lookups this slow match the 5 s resend of glibc's resolver after a lost UDP answer.
export const CONNTRACK_RACE_MS = 4_500;

// What the summary says about slow lookups.
export interface ConntrackRace {
  count: number;
  hint?: string;
}

// Counts lookups that look like the conntrack race on parallel A/AAAA queries (kubernetes#56903) and
// says how to avoid it.
export const detectConntrackRace = (lookupsMs: readonly number[]): ConntrackRace => {
  const count = lookupsMs.filter((ms) => ms >= CONNTRACK_RACE_MS).length;
  if (count === 0) {
    return {count};
  }

  return {
    count,
    hint: `${count} DNS lookup(s) took 5 s or more: the conntrack race on parallel A/AAAA queries (kubernetes#56903); set dnsConfig.options [{name: single-request-reopen}] in the pod spec`,
  };
};
