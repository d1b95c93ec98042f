import {forwardableSignals} from '../config/signal.ts';

// Listens to every catchable signal until `signal` aborts; SIGCHLD stays Node's.
export const installSignalHandlers = (
  onSignal: (signal: NodeJS.Signals) => void,
  signal: AbortSignal,
): void => {
  const signals = forwardableSignals();
  for (const name of signals) {
    process.on(name, onSignal);
  }

  signal.addEventListener(
    'abort',
    () => {
      for (const name of signals) {
        process.off(name, onSignal);
      }
    },
    {once: true},
  );
};

// Delivers a signal to the child or, with `group`, to its whole process group; false if nothing received it.
export const deliverSignal = (pid: number, signal: NodeJS.Signals, group: boolean): boolean => {
  try {
    process.kill(group ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
};
