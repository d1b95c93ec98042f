import {quietDrainWait} from '../drain/quiet.ts';
import type {HealthOptions} from '../health/options.ts';
import {enteredStatus, startHealthServer} from '../health/server.ts';
import type {Logger} from '../log.ts';
import {metricsHandler} from '../report/metrics.ts';
import type {ShutdownObserver} from '../report/observer.ts';
import {PHASES, type Phase, probeStateOf, reportMomentOf} from './phases.ts';

// What the wrapper's supervisor takes from the health endpoints: phase changes in, the drain's end out.
export interface RunHealthHooks {
  onPhase: (change: {phase: Phase; windowMs: number | undefined}) => void;
  waitForDrainEnd?: (drainMs: number, signal: AbortSignal) => Promise<void>;
}

// Starts the wrapper's health endpoints and quiet drain as supervisor hooks; `close` stops the server.
export const startRunHealth = async (
  options: HealthOptions,
  log: Logger,
  report: ShutdownObserver,
): Promise<{hooks: RunHealthHooks; close: () => Promise<void>}> => {
  // The health endpoints show the wrapper's phase and answer from what it means to them.
  let status = enteredStatus('starting', probeStateOf('starting'), undefined);
  const server =
    options.port === undefined
      ? undefined
      : await startHealthServer(
          {
            port: options.port,
            host: options.host,
            readyTcp: options.readyTcp,
            prestopMax: options.prestopMax,
            prestopToken: options.prestopToken,
            drainReadiness: options.drainReadiness,
          },
          {status: () => status, metrics: metricsHandler(() => status, report, PHASES)},
        );
  if (server !== undefined) {
    report.countOwn(server.accepted);
    log.info(
      {port: server.port, host: options.host ?? '*'},
      `health endpoints on port ${server.port}: /livez /readyz (${options.drainReadiness} while draining)`,
    );
  }

  const hooks: RunHealthHooks = {
    onPhase: (change) => {
      status = enteredStatus(change.phase, probeStateOf(change.phase), change.windowMs);
      report.onMoment(reportMomentOf(change.phase));
    },
  };
  if (options.quiet !== undefined) {
    hooks.waitForDrainEnd = quietDrainWait(options.quiet, () => server?.accepted() ?? 0, log);
  }

  return {hooks, close: async () => server?.close()};
};
