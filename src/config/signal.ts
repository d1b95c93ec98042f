import {constants} from 'node:os';
import {UsageError} from '../errors.ts';
import {catchableSignals} from '../signals/source.ts';

const SIGNALS = constants.signals as Record<string, number>;

// Signals that would stop graceful itself (a background read or write on a terminal); tini does not forward them.
export const IGNORED_SIGNALS = new Set(['SIGTTIN', 'SIGTTOU']);

// Signals that report a fault in the receiver itself (tini's list): forwarding them would be a lie, so one sent
// with kill(2) ends graceful, after the child's group.
export const FATAL_SIGNALS = new Set([
  'SIGFPE',
  'SIGILL',
  'SIGSEGV',
  'SIGBUS',
  'SIGABRT',
  'SIGTRAP',
  'SIGSYS',
]);

// Second names of signals that have a first one (SIGIOT is SIGABRT, SIGPOLL is SIGIO).
const ALIASES = new Set(['SIGIOT', 'SIGPOLL', 'SIGUNUSED', 'SIGLOST', 'SIGINFO']);

// Returns the canonical name (`SIGQUIT`) for `SIGQUIT`, `quit`, `QUIT` or `3`; undefined when unknown.
export const parseSignal = (text: string): NodeJS.Signals | undefined => {
  const trimmed = text.trim().toUpperCase();
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    return signalName(number);
  }

  const name = trimmed.startsWith('SIG') ? trimmed : `SIG${trimmed}`;
  return name in SIGNALS ? (name as NodeJS.Signals) : undefined;
};

// The canonical name of signal number N on this platform.
export const signalName = (number: number): NodeJS.Signals | undefined => {
  const names = Object.keys(SIGNALS).filter((name) => SIGNALS[name] === number && !ALIASES.has(name));
  return names[0] as NodeJS.Signals | undefined;
};

// The number of a signal name, e.g. 15 for SIGTERM.
export const signalNumber = (name: NodeJS.Signals): number => SIGNALS[name] ?? 0;

// Every signal graceful can catch and pass on to its child: all that tini forwards, that Node.js can name.
export const forwardableSignals = (): NodeJS.Signals[] =>
  catchableSignals().names.filter((name) => !IGNORED_SIGNALS.has(name) && !FATAL_SIGNALS.has(name));

// Turns a flag's value into a signal name or throws a UsageError naming the flag.
export const normalizeSignal = (flag: string, value: unknown, {catchable = false} = {}): NodeJS.Signals => {
  const name =
    typeof value === 'string' || typeof value === 'number' ? parseSignal(String(value)) : undefined;
  if (name === undefined) {
    throw new UsageError(
      `${flag}: expected a signal such as SIGQUIT, QUIT or 3, got ${JSON.stringify(value)}`,
    );
  }

  if (catchable && !forwardableSignals().includes(name)) {
    throw new UsageError(
      `${flag}: ${name} cannot be caught or forwarded; expected one of ${forwardableSignals().join(', ')}`,
    );
  }

  return name;
};
