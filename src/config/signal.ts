import {constants} from 'node:os';
import {UsageError} from '../errors.ts';

const SIGNALS = constants.signals as Record<string, number>;

// Signals a process can receive but never catch, so they can be neither forwarded nor waited for.
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP']);

// Signals that report a fault in the receiver itself (tini's list); forwarding them would be a lie.
const SYNCHRONOUS = new Set(['SIGFPE', 'SIGILL', 'SIGSEGV', 'SIGBUS', 'SIGABRT', 'SIGTRAP', 'SIGSYS']);

// Signals that Node.js itself needs (SIGCHLD for its children, SIGPROF for --cpu-prof) or cannot observe
// safely, and aliases of other signals.
const RESERVED = new Set([
  'SIGCHLD',
  'SIGPROF',
  'SIGTTIN',
  'SIGTTOU',
  'SIGIOT',
  'SIGPOLL',
  'SIGUNUSED',
  'SIGLOST',
  'SIGINFO',
]);

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
  const names = Object.keys(SIGNALS).filter((name) => SIGNALS[name] === number && !RESERVED.has(name));
  return names[0] as NodeJS.Signals | undefined;
};

// The number of a signal name, e.g. 15 for SIGTERM.
export const signalNumber = (name: NodeJS.Signals): number => SIGNALS[name] ?? 0;

// Every signal graceful can catch and pass on to its child.
export const forwardableSignals = (): NodeJS.Signals[] =>
  [...new Set(Object.values(SIGNALS))]
    .map((number) => signalName(number))
    .filter((name): name is NodeJS.Signals => name !== undefined)
    .filter((name) => !UNCATCHABLE.has(name) && !SYNCHRONOUS.has(name) && !RESERVED.has(name));

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
