import {formatDuration} from '../config/duration.ts';
import {observeNamespace, waitForQuietDrain} from '../drain/quiet.ts';
import type {Logger} from '../log.ts';
import type {ShutdownObserver} from '../report/observer.ts';
import {PHASES, type Phase, probeStateOf, reportMomentOf} from '../supervisor/phases.ts';
import {metricsHandler} from './metrics.ts';
import type {HealthOptions} from './options.ts';
import {enteredStatus, type HealthServer, startHealthServer} from './server.ts';

// The quiet drain's wait, for the supervisor or the sidecar; logs when clients have moved on.
export const quietDrainWait = (
  quiet: NonNullable<HealthOptions['quiet']>,
  server: HealthServer | undefined,
  log: Logger,
): ((drainMs: number, signal: AbortSignal) => Promise<void>) => {
  const accepted = (): number => server?.accepted() ?? 0;
  return (drainMs, signal) =>
    waitForQuietDrain(drainMs, signal, quiet, {
      observe: () => observeNamespace(accepted),
      onQuiet: ({elapsedMs, lastActivityMs, connections}) =>
        log.info(
          {elapsedMs, lastActivityMs, connections, drainMs},
          `draining: no new connection for ${formatDuration(quiet.quietMs)}, ending the drain after ${formatDuration(elapsedMs)} instead of ${formatDuration(drainMs)}`,
        ),
    });
};

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
    hooks.waitForDrainEnd = quietDrainWait(options.quiet, server, log);
  }

  return {hooks, close: async () => server?.close()};
};
