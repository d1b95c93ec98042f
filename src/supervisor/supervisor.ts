import {setTimeout} from 'node:timers/promises';
import {onExit} from 'signal-exit';
import {signalNumber} from '../config/signal.ts';
import {stderrStatus} from '../log/status-line.ts';
import {stderr} from '../log/stderr.ts';
import type {Logger} from '../log.ts';
import {stderrIsTty} from '../log.ts';
import {createPhaseDriver} from '../phases/driver.ts';
import {describeInit} from '../pid1/init.ts';
import {processSignals} from '../signals/process.ts';
import type {SignalSource} from '../signals/source.ts';
import {spawnChild} from './child.ts';
import {showCountdown} from './countdown.ts';
import {type ChildOutcome, describeSpawnFailure, exitStatus} from './exit-status.ts';
import {deliverSignal, signalGroup, waitForGroupExit, watchGroup} from './group.ts';
import type {RunOptions} from './options.ts';
import {
  type Action,
  INITIAL_STATE,
  nextPhase,
  type Phase,
  type PhaseEvent,
  type PhaseState,
} from './phases.ts';
import {signalAction} from './signal-action.ts';

// Details of a phase change, for logs and for observers such as the health server.
export interface PhaseChange {
  phase: Phase;
  pid: number | undefined;
  elapsedMs: number;
  windowMs: number | undefined;
}

// Optional effects injected by other parts of graceful (health endpoints, quiet drain).
export interface SupervisorHooks {
  onPhase?: (change: PhaseChange) => void;
  // Settles when the drain may end; by default after `drainMs`.
  waitForDrainEnd?: (drainMs: number, signal: AbortSignal) => Promise<void>;
  // Where signals come from; by default graceful's own, caught since its first instruction.
  signals?: SignalSource;
}

const waitForWindow = (ms: number, signal: AbortSignal): Promise<void> => setTimeout(ms, undefined, {signal});

// Runs the child through starting → running → draining → stopping → refusing → exited; resolves the exit status.
export const supervise = async (
  options: RunOptions,
  log: Logger,
  hooks: SupervisorHooks = {},
): Promise<number> => {
  const exit = Promise.withResolvers<void>();
  let shutdownSignal: NodeJS.Signals | undefined;
  let clearCountdown = (): void => {};

  const init = describeInit();
  if (init !== undefined) {
    log[init.level]({}, init.message);
  }

  // Signals that came before the child exists wait for it, as under tini; a shutdown signal means never start it.
  const early: NodeJS.Signals[] = [];
  let onSignal = (signal: NodeJS.Signals): void => void early.push(signal);
  const detachSignals = (hooks.signals ?? processSignals).attach((signal) => onSignal(signal));
  const before = early.find((signal) =>
    ['shutdown', 'fatal'].includes(signalAction(signal, options.shutdownSignals)),
  );
  if (before !== undefined) {
    detachSignals();
    const status = 128 + signalNumber(before);
    log.info(
      {signal: before, status},
      `${before} before the child started: not starting it, exited with status ${status}`,
    );
    return status;
  }

  const {pid, exited} = spawnChild(options);
  // Phase times count from the child's start (the driver's); a performance.now() before would delay that start.
  const driver = createPhaseDriver<PhaseState, PhaseEvent, Action, Phase>({
    initial: INITIAL_STATE,
    next: nextPhase,
    act: (action, event) => act(action, event),
    log,
  });
  // If graceful itself dies, the child's whole group dies with it: never an orphan.
  const removeExitHook = pid === undefined ? () => {} : onExit(() => void signalGroup(pid, 'SIGKILL'));
  if (hooks.onPhase !== undefined) {
    const onPhase = hooks.onPhase;
    driver.onPhase((entry) => onPhase({...entry, pid}));
  }

  const enter = (phase: Phase, windowMs: number | undefined, message: string): void => {
    clearCountdown();
    driver.enter(phase, windowMs, message, {pid});
    if (windowMs !== undefined) {
      clearCountdown = showCountdown(stderrStatus, stderrIsTty(), phase, windowMs);
    }
  };

  // A window of `phase` that ends with `wait`, or with the next window.
  const openWindow = (phase: Phase, wait: (signal: AbortSignal) => Promise<void>): void => {
    driver.dispatchWhen(wait(driver.openWindow()), {type: 'windowElapsed', phase});
  };

  // The drain ends by the hook (quiet drain) or after --drain; a failing hook falls back to the full window.
  const waitForDrain = async (signal: AbortSignal): Promise<void> => {
    const startedDrain = performance.now();
    if (hooks.waitForDrainEnd === undefined) {
      return waitForWindow(options.drainMs, signal);
    }

    try {
      return await hooks.waitForDrainEnd(options.drainMs, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      log.warn({error: String(error)}, 'draining: the early end failed, draining the full window');
      return waitForWindow(Math.max(0, options.drainMs - (performance.now() - startedDrain)), signal);
    }
  };

  const act = (action: Action, event: PhaseEvent): void => {
    switch (action) {
      case 'run':
        enter('running', undefined, `running: ${options.command}`);
        return;
      case 'drain': {
        enter('draining', options.drainMs, `${shutdownSignal}: draining, the child keeps serving`);
        openWindow('draining', waitForDrain);
        return;
      }

      case 'stop': {
        const stopSignal = options.stopSignal ?? shutdownSignal ?? 'SIGTERM';
        enter('stopping', options.stopTimeoutMs, `stopping: sent ${stopSignal} to the child`);
        if (pid !== undefined) {
          deliverSignal(pid, stopSignal, options.signalGroup);
        }

        openWindow('stopping', (signal) => waitForWindow(options.stopTimeoutMs, signal));
        return;
      }

      case 'kill':
        log.warn({pid}, 'stopping: SIGKILL to the child process group');
        if (pid !== undefined) {
          signalGroup(pid, 'SIGKILL');
        }

        return;
      case 'refuse':
        enter('refusing', options.refuseMs, 'refusing: the child exited, the pod stays so its ports refuse');
        openWindow('refusing', (signal) => waitForWindow(options.refuseMs, signal));
        return;
      case 'abort':
        log.error(
          {pid, signal: fatalSignal},
          `${fatalSignal}: graceful ends, SIGKILL to the child process group first`,
        );
        if (pid !== undefined) {
          signalGroup(pid, 'SIGKILL');
        }

        clearCountdown();
        exit.resolve();
        return;
      case 'exit':
        clearCountdown();
        exit.resolve();
        return;
      case 'none':
        if (event.type === 'shutdownSignal') {
          const {phase} = driver.state();
          log.info({phase}, `${shutdownSignal}: already ${phase}`);
        }
    }
  };

  const dispatch = driver.dispatch;

  const forward = (signal: NodeJS.Signals): void => {
    const delivered = options.rewrite[signal] ?? signal;
    if (pid === undefined || outcome !== undefined || !deliverSignal(pid, delivered, options.signalGroup)) {
      log.warn({signal, delivered}, `child was gone when forwarding ${signal}`);
      return;
    }

    log.debug(
      {signal, delivered, pid},
      `forwarded ${signal === delivered ? signal : `${signal} as ${delivered}`}`,
    );
  };

  const handleSignal = (signal: NodeJS.Signals): void => {
    switch (signalAction(signal, options.shutdownSignals)) {
      case 'shutdown':
        shutdownSignal ??= signal;
        dispatch({type: 'shutdownSignal'});
        return;
      case 'ignore':
        log.debug({signal}, `${signal} ignored: it would stop graceful`);
        return;
      case 'fatal':
        fatalSignal ??= signal;
        dispatch({type: 'fatalSignal'});
        return;
      case 'forward':
        if (signal !== 'SIGPIPE') {
          forward(signal);
          return;
        }

        // graceful's own write to a stderr without a reader raises SIGPIPE too; that one is not the child's.
        void Promise.resolve(stderr.claimSigpipe()).then((own) => {
          if (own) log.debug({signal}, "SIGPIPE from graceful's own write to a closed stderr: not forwarded");
          else forward(signal);
        });
    }
  };

  let outcome: ChildOutcome | undefined;
  let fatalSignal: NodeJS.Signals | undefined;
  const childExit = exited.then((result) => {
    outcome = result;
    return result;
  });

  dispatch({type: pid === undefined ? 'spawnFailed' : 'spawned'});
  onSignal = handleSignal;
  for (const signal of early.splice(0)) handleSignal(signal);
  void childExit.then((result) => {
    if (pid !== undefined) {
      log.info(
        {pid, ...result, status: exitStatus(result)},
        `child exited with status ${exitStatus(result)}`,
      );
    }

    dispatch({type: 'childExited'});
  });
  // Whatever the child left in its process group is stopped once the child has exited.
  const swept = childExit.then(async () => {
    if (pid !== undefined) {
      await sweepGroup(pid, options.stopTimeoutMs, log);
      removeExitHook();
    }
  });

  await exit.promise;
  const result = await childExit;
  await swept;
  driver.stop();
  detachSignals();
  if (result.type === 'spawnFailed') {
    log.error(
      {command: options.command, code: result.errorCode},
      describeSpawnFailure(options.command, result.errorCode),
    );
  }

  const status = fatalSignal === undefined ? exitStatus(result) : 128 + signalNumber(fatalSignal);
  enter('exited', undefined, `exited with status ${status}`);
  return status;
};

// SIGTERM to what is left of the child's group, SIGKILL after `timeoutMs`.
const sweepGroup = async (pgid: number, timeoutMs: number, log: Logger): Promise<void> => {
  // One watch for the check and the wait: it remembers the members it found, so /proc is scanned once.
  const group = watchGroup(pgid);
  if (!group.isAlive()) {
    return;
  }

  log.warn({pgid}, 'processes left in the child process group: SIGTERM');
  signalGroup(pgid, 'SIGTERM');
  if (!(await waitForGroupExit(pgid, timeoutMs, undefined, group))) {
    log.warn({pgid}, 'processes left in the child process group after the stop timeout: SIGKILL');
    signalGroup(pgid, 'SIGKILL');
  }
};
