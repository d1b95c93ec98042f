import {setTimeout} from 'node:timers/promises';
import {formatDuration} from '../config/duration.ts';
import {quietDrainWait} from '../drain/quiet.ts';
import {DEFAULT_HEALTH_LIMITS} from '../health/limits.ts';
import {enteredStatus, type HealthServer, startHealthServer} from '../health/server.ts';
import type {Logger} from '../log.ts';
import {createPhaseDriver, type PhaseEntry} from '../phases/driver.ts';
import {metricsHandler} from '../report/metrics.ts';
import {observeShutdown} from '../report/observer.ts';
import {processSignals} from '../signals/process.ts';
import type {SignalSource} from '../signals/source.ts';
import type {SidecarOptions} from './options.ts';
import {
  INITIAL_SIDECAR_STATE,
  nextSidecarPhase,
  SIDECAR_PHASES,
  type SidecarAction,
  type SidecarEvent,
  type SidecarPhase,
  type SidecarState,
  sidecarProbeStateOf,
  sidecarReportMomentOf,
} from './phases.ts';
import {observeServer, type ServerWatchTarget, watchServer} from './server-watch.ts';
import {sidecarSignalListener} from './signals.ts';

// Effects a test may replace.
export interface SidecarEffects {
  // Where signals come from; by default graceful's own, caught since its first instruction.
  signals?: SignalSource;
  // Told of each phase the sidecar enters.
  onPhase?: (entry: PhaseEntry<SidecarPhase>) => void;
}

// Runs `graceful sidecar`: holds the kubelet's preStop call for the drain, becomes ready again when the
// server restarts (or was never stopped), and stays alive `refuseMs` after its own SIGTERM so the pod keeps
// its IP while the server's ports refuse. Resolves the exit status.
export const runSidecar = async (
  options: SidecarOptions,
  log: Logger,
  effects: SidecarEffects = {},
): Promise<number> => {
  const driver = createPhaseDriver<SidecarState, SidecarEvent, SidecarAction, SidecarPhase>({
    initial: INITIAL_SIDECAR_STATE,
    next: nextSidecarPhase,
    act: (action, event) => act(action, event),
    log,
  });
  // The current drain's end: the held /prestop calls wait for it.
  let drained = Promise.withResolvers<void>();
  const exit = Promise.withResolvers<void>();
  // The health endpoints show the sidecar's phase and answer from what it means to them.
  let status = enteredStatus('running', sidecarProbeStateOf('running'), undefined);
  let server: HealthServer | undefined;
  const report = observeShutdown({mode: 'sidecar', ...options, stopTimeoutMs: undefined}, log);
  driver.onPhase(({phase, windowMs}) => {
    status = enteredStatus(phase, sidecarProbeStateOf(phase), windowMs);
    report.onMoment(sidecarReportMomentOf(phase));
  });
  if (effects.onPhase !== undefined) driver.onPhase(effects.onPhase);
  const {enter, openWindow, dispatch} = driver;

  const waitForDrainEnd = (ms: number, signal: AbortSignal): Promise<void> =>
    options.health.quiet === undefined
      ? setTimeout(ms, undefined, {signal})
      : quietDrainWait(options.health.quiet, () => server?.accepted() ?? 0, log)(ms, signal);

  const watchTarget = (): ServerWatchTarget => ({
    readyTcp: options.health.readyTcp,
    ownPorts: new Set(server === undefined ? [] : [server.port]),
    readyTcpTimeoutMs: DEFAULT_HEALTH_LIMITS.readyTcpTimeoutMs,
  });

  // After the drain: what the server looks like now is the baseline; the kubelet acts only once /prestop
  // is answered, so the baseline is taken first.
  const release = async (signal: AbortSignal): Promise<void> => {
    driver.dispatchWhen(setTimeout(options.stopWaitMs, undefined, {signal}), {type: 'stopWaitEnded'});
    const target = watchTarget();
    const baseline = await observeServer(target);
    drained.resolve();
    if (signal.aborted) return;
    await watchServer(target, baseline, signal, (change) => dispatch({type: 'server', change}));
  };

  const act = (action: SidecarAction, event: SidecarEvent): void => {
    switch (action) {
      case 'drain': {
        drained = Promise.withResolvers<void>();
        const signal = openWindow();
        enter('draining', options.drainMs, 'preStop: draining, /prestop is held until the drain ends');
        driver.dispatchWhen(waitForDrainEnd(options.drainMs, signal), {type: 'drainEnded'});
        return;
      }

      case 'release': {
        const signal = openWindow();
        enter(
          'stopping',
          options.stopWaitMs,
          options.health.readyTcp === undefined
            ? "drained: /prestop answered; watching the pod's listening sockets for the server to stop and serve again"
            : `drained: /prestop answered; watching --ready-tcp ${options.health.readyTcp.host}:${options.health.readyTcp.port} for the server to stop and serve again`,
        );
        release(signal).catch((error: unknown) => {
          drained.resolve();
          log.warn({error: String(error)}, 'cannot watch the server; ready again after --stop-wait');
        });
        return;
      }

      case 'serverStopped':
        log.info(
          {phase: driver.state().phase},
          'the server stopped: waiting for it to serve again (container restart) or for SIGTERM (pod deletion)',
        );
        return;
      case 'resume':
        // After --stop-wait the watch goes on: the server may still stop, only later than expected.
        if (event.type !== 'stopWaitEnded') openWindow();
        enter(
          'running',
          undefined,
          event.type === 'stopWaitEnded'
            ? `the server did not stop within --stop-wait ${formatDuration(options.stopWaitMs)} after the drain (a stray /prestop?): ready again, the next /prestop drains again; unready again should it stop after all`
            : 'the server serves again (container restarted): ready again, the next /prestop drains again',
        );
        return;
      case 'stoppedLate':
        enter(
          'stopping',
          undefined,
          'the server stopped after all, later than --stop-wait: not ready until it serves again',
        );
        return;
      case 'unwatch':
        openWindow();
        log.info({phase: driver.state().phase}, 'the server restarted: no longer watching it');
        return;
      case 'refuse': {
        drained.resolve();
        const signal = openWindow();
        enter(
          'refusing',
          options.refuseMs,
          event.type === 'drainEnded'
            ? 'drained after SIGTERM: refusing, the pod keeps its IP while the server ports refuse'
            : 'SIGTERM: refusing, the pod keeps its IP while the server ports refuse',
        );
        driver.dispatchWhen(setTimeout(options.refuseMs, undefined, {signal}), {type: 'refuseEnded'});
        return;
      }

      case 'exit':
        exit.resolve();
        return;
      case 'none':
        if (event.type === 'shutdownSignal' && driver.state().phase === 'draining') {
          log.warn(
            {phase: driver.state().phase},
            'SIGTERM while draining (no native sidecar?): staying until the drain ends, then refusing; send it again to hurry',
          );
        }
    }
  };

  server = await startHealthServer(
    {
      port: options.health.port,
      host: options.health.host,
      readyTcp: options.health.readyTcp,
      prestopMax: options.health.prestopMax,
      prestopToken: options.health.prestopToken,
      drainReadiness: options.health.drainReadiness,
    },
    {
      status: () => status,
      prestop: () => {
        dispatch({type: 'prestop'});
        return drained.promise;
      },
      metrics: metricsHandler(() => status, report, SIDECAR_PHASES),
    },
  );
  report.countOwn(server.accepted);
  enter(
    'running',
    undefined,
    `sidecar: /livez /readyz /prestop on port ${server.port} (${options.health.drainReadiness} while draining)`,
  );

  // Signals that came before (during start-up) are handed over now, in order.
  const detachSignals = (effects.signals ?? processSignals).attach(
    sidecarSignalListener(
      log,
      () => driver.state().phase,
      () => dispatch({type: 'shutdownSignal'}),
    ),
  );

  await exit.promise;
  driver.stop();
  detachSignals();
  await server.close();
  enter('exited', undefined, 'exited with status 0');
  return 0;
};
