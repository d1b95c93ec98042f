import {setTimeout} from 'node:timers/promises';
import type {SidecarOptions} from '../config/sidecar-options.ts';
import {quietDrainWait} from '../health/hooks.ts';
import {type HealthServer, type HealthStatus, startHealthServer} from '../health/server.ts';
import type {Logger} from '../log.ts';
import type {Phase} from '../supervisor/phases.ts';
import {INITIAL_SIDECAR_STATE, nextSidecarPhase, type SidecarAction, type SidecarEvent} from './phases.ts';

const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

// Runs `graceful sidecar`: holds the kubelet's preStop call for the drain, then stays alive `refuseMs`
// after its own SIGTERM so the pod keeps its IP while the server's ports refuse. Resolves the exit status.
export const runSidecar = async (options: SidecarOptions, log: Logger): Promise<number> => {
  const run = new AbortController();
  const startedAt = performance.now();
  const drained = Promise.withResolvers<void>();
  const exit = Promise.withResolvers<void>();
  let state = INITIAL_SIDECAR_STATE;
  let status: HealthStatus = {phase: 'running', windowMs: undefined, enteredAtMs: startedAt};
  let server: HealthServer | undefined;

  const enter = (phase: Phase, windowMs: number | undefined, message: string): void => {
    status = {phase, windowMs, enteredAtMs: performance.now()};
    log.info({phase, elapsedMs: Math.round(performance.now() - startedAt), windowMs}, message);
  };

  const waitForDrainEnd = (ms: number, signal: AbortSignal): Promise<void> =>
    options.health.quiet === undefined
      ? setTimeout(ms, undefined, {signal})
      : quietDrainWait(options.health.quiet, server, log)(ms, signal);

  const act = (action: SidecarAction, event: SidecarEvent): void => {
    switch (action) {
      case 'drain':
        enter('draining', options.drainMs, 'preStop: draining, /prestop is held until the drain ends');
        waitForDrainEnd(options.drainMs, run.signal).then(
          () => dispatch({type: 'drainEnded'}),
          () => {},
        );
        return;
      case 'release':
        drained.resolve();
        enter('stopping', undefined, 'drained: /prestop answered, the kubelet now stops the server');
        return;
      case 'refuse':
        drained.resolve();
        enter(
          'refusing',
          options.refuseMs,
          event.type === 'drainEnded'
            ? 'drained after SIGTERM: refusing, the pod keeps its IP while the server ports refuse'
            : 'SIGTERM: refusing, the pod keeps its IP while the server ports refuse',
        );
        setTimeout(options.refuseMs, undefined, {signal: run.signal}).then(
          () => dispatch({type: 'refuseEnded'}),
          () => {},
        );
        return;
      case 'exit':
        exit.resolve();
        return;
      case 'none':
        if (event.type === 'shutdownSignal' && state.phase === 'draining') {
          log.warn(
            {phase: state.phase},
            'SIGTERM while draining (no native sidecar?): staying until the drain ends, then refusing; send it again to hurry',
          );
        }
    }
  };

  const dispatch = (event: SidecarEvent): void => {
    const {state: next, action} = nextSidecarPhase(state, event);
    const changed = next.phase !== state.phase || next.signalled !== state.signalled;
    state = next;
    if (changed || action !== 'none') {
      act(action, event);
    }
  };

  server = await startHealthServer(
    {
      port: options.health.port,
      host: options.health.host,
      readyTcp: options.health.readyTcp,
      prestopMax: options.health.prestopMax,
      prestopToken: options.health.prestopToken,
    },
    {
      status: () => status,
      prestop: () => {
        dispatch({type: 'prestop'});
        return drained.promise;
      },
    },
  );
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info({signal, phase: state.phase}, `${signal} received`);
    dispatch({type: 'shutdownSignal'});
  };
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, onSignal);
  }

  enter('running', undefined, `sidecar: /livez /readyz /prestop on port ${server.port}`);
  await exit.promise;
  run.abort();
  for (const signal of SHUTDOWN_SIGNALS) {
    process.off(signal, onSignal);
  }

  await server.close();
  enter('exited', undefined, 'exited with status 0');
  return 0;
};
