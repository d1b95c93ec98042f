import {FATAL_SIGNALS, IGNORED_SIGNALS} from '../config/signal.ts';

// What the supervisor does with a signal it received.
export type SignalAction = 'shutdown' | 'forward' | 'ignore' | 'fatal';

// shutdown: start or hurry the phases; forward: pass it to the child (after --rewrite); ignore: it would only stop
// graceful (SIGTTIN, SIGTTOU); fatal: a fault signal sent with kill(2), which ends graceful after the child's group.
export const signalAction = (signal: NodeJS.Signals, shutdownSignals: NodeJS.Signals[]): SignalAction => {
  if (shutdownSignals.includes(signal)) return 'shutdown';
  if (IGNORED_SIGNALS.has(signal)) return 'ignore';
  if (FATAL_SIGNALS.has(signal)) return 'fatal';
  return 'forward';
};
