import type {HealthStatus, MetricsPage} from '../health/server.ts';
import type {ShutdownObserver} from './observer.ts';
import type {ShutdownReport} from './verdict.ts';

// What /metrics answers: the Prometheus text format and its content type.

// The last report's figures, in seconds and counts, by metric name.
const REPORT_FIGURES: [string, string, (report: ShutdownReport) => number | null][] = [
  [
    'before_connections_per_second',
    'New connections per second before the shutdown signal',
    (r) => r.before.connectionsPerSecond,
  ],
  ['drain_seconds', 'How long the drain lasted', (r) => r.drain.ms / 1_000],
  ['drain_connections', 'New connections during the drain', (r) => r.drain.connections],
  [
    'last_arrival_seconds',
    'When the last client arrived, after the shutdown signal',
    (r) => seconds(r.drain.lastArrivalMs),
  ],
  [
    'drain_enough',
    '1 when clients had moved on before the drain ended (so far, while it runs)',
    (r) => Number(r.drain.enough),
  ],
  ['stop_seconds', 'How long the server took to stop', (r) => seconds(r.stop.ms)],
  ['established_at_stop', 'Established connections when the stop signal went out', (r) => r.stop.established],
  ['refuse_seconds', 'How long the refuse window has lasted', (r) => r.refuse.ms / 1_000],
  ['refused', 'Attempts refused during the refuse window', (r) => r.refuse.refused],
  [
    'last_refused_seconds',
    'When the last attempt was refused, after the shutdown signal',
    (r) => seconds(r.refuse.lastRefusedMs),
  ],
  [
    'refuse_enough',
    '1 when clients had stopped coming before the pod went away (so far, while it runs)',
    (r) => Number(r.refuse.enough),
  ],
  ['suggested_drain_seconds', 'A drain that would have been enough', (r) => r.suggested.drainMs / 1_000],
  [
    'suggested_stop_timeout_seconds',
    "A stop timeout with graceful plan's margin",
    (r) => r.suggested.stopTimeoutMs / 1_000,
  ],
  [
    'suggested_refuse_seconds',
    'A refuse window that would have been enough',
    (r) => r.suggested.refuseMs / 1_000,
  ],
  [
    'suggested_grace_period_seconds',
    'terminationGracePeriodSeconds for the suggested windows',
    (r) => r.suggested.gracePeriodSeconds,
  ],
];

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1_000);

/*
/metrics on the health port. prom-client is loaded on the first scrape, so neither a run without --health-port nor
the start-up of one with it pays for it. `phases` are the mode's own, one graceful_phase series each. Counters are
the pod's network namespace's own (/proc/self/net/snmp), graceful's health connections left out of the accepted
ones; the report's figures appear from the shutdown signal on.
*/
export const metricsHandler = (
  status: () => HealthStatus,
  report: ShutdownObserver,
  phases: readonly string[],
): (() => Promise<MetricsPage>) => {
  let registries: Promise<{render: () => Promise<MetricsPage>}> | undefined;
  return async () => {
    registries ??= createRegistries(status, report, phases);
    return (await registries).render();
  };
};

const createRegistries = async (
  status: () => HealthStatus,
  report: ShutdownObserver,
  phases: readonly string[],
) => {
  // A CommonJS module's exports are its default export, in the npm package's chunks as in Node.js.
  const {Counter, Gauge, Registry} = (await import('prom-client')).default;
  const registry = new Registry();
  const reportRegistry = new Registry();
  new Gauge({
    name: 'graceful_phase',
    help: "graceful's phase: 1 for the current one",
    labelNames: ['phase'],
    registers: [registry],
    collect() {
      for (const phase of phases) this.set({phase}, status().phase === phase ? 1 : 0);
    },
  });
  new Gauge({
    name: 'graceful_window_remaining_seconds',
    help: "Time left in the current phase's window; 0 when it has none",
    registers: [registry],
    collect() {
      const {windowMs, enteredAtMs} = status();
      this.set(
        windowMs === undefined ? 0 : Math.max(0, windowMs - (performance.now() - enteredAtMs)) / 1_000,
      );
    },
  });

  // The kernel's counters only grow; graceful's own accepts are subtracted, and a dip never shows.
  const counted = {accepted: 0, resets: 0};
  const growTo = (
    counter: {inc: (value: number) => void},
    key: keyof typeof counted,
    value: number,
  ): void => {
    if (value > counted[key]) {
      counter.inc(value - counted[key]);
      counted[key] = value;
    }
  };
  new Counter({
    name: 'graceful_tcp_accepted_connections_total',
    help: "Connections the pod's network namespace accepted (Tcp PassiveOpens), graceful's health port left out",
    registers: [registry],
    collect() {
      const read = report.counters();
      if (read !== undefined) growTo(this, 'accepted', read.counters.passiveOpens - read.ownAccepted);
    },
  });
  new Counter({
    name: 'graceful_tcp_resets_sent_total',
    help: "Resets the pod's network namespace sent (Tcp OutRsts): a SYN to a closed port gets one",
    registers: [registry],
    collect() {
      const read = report.counters();
      if (read !== undefined) growTo(this, 'resets', read.counters.outRsts);
    },
  });
  new Gauge({
    name: 'graceful_tcp_established_connections',
    help: "Established connections in the pod's network namespace (Tcp CurrEstab), in either direction",
    registers: [registry],
    collect() {
      const read = report.counters();
      if (read !== undefined) this.set(read.counters.currEstab);
    },
  });

  let current: ShutdownReport | undefined;
  for (const [name, help, figure] of REPORT_FIGURES) {
    new Gauge({
      name: `graceful_report_${name}`,
      help: `Shutdown report: ${help}`,
      registers: [reportRegistry],
      collect() {
        const value = current === undefined ? null : figure(current);
        this.set(value ?? Number.NaN);
      },
    });
  }

  return {
    render: async (): Promise<MetricsPage> => {
      current = report.current();
      const body = await registry.metrics();
      return {
        contentType: registry.contentType,
        body: current === undefined ? body : `${body}${await reportRegistry.metrics()}`,
      };
    },
  };
};
