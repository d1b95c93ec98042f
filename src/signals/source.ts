import {constants} from 'node:os';

type SignalListener = (signal: NodeJS.Signals) => void;

// What a signal source listens on: `process`, or an EventEmitter in tests.
export interface SignalEmitter {
  on: (event: NodeJS.Signals, listener: () => void) => unknown;
  off: (event: NodeJS.Signals, listener: () => void) => unknown;
}

// Every signal graceful receives, from its first instruction on, handed to whoever attaches.
export interface SignalSource {
  // Hands `listener` the signals that came before, in order, then each new one; returns the detach.
  attach: (listener: SignalListener) => () => void;
  // Stops listening, so every signal takes its default action again; signals that came before are raised again.
  release: () => Promise<void>;
}

const NUMBERS = constants.signals as Record<string, number>;

// Signals no handler may take (KILL, STOP), and SIGCHLD, which Node.js needs to see its children exit.
const NEVER = new Set(['SIGKILL', 'SIGSTOP', 'SIGCHLD']);

// Canonical names first: an alias (SIGIOT, SIGPOLL) shares its number with a name listed before it.
export const catchableSignals = (): {names: NodeJS.Signals[]; aliases: NodeJS.Signals[]} => {
  const names: NodeJS.Signals[] = [];
  const aliases: NodeJS.Signals[] = [];
  const seen = new Set<number>();
  for (const [name, number] of Object.entries(NUMBERS)) {
    if (NEVER.has(name)) continue;
    (seen.has(number) ? aliases : names).push(name as NodeJS.Signals);
    seen.add(number);
  }

  return {names, aliases};
};

/*
Node.js delivers a signal once per name it is listened on, so an alias that is listened on (signal-exit listens on
SIGPOLL and SIGIOT) fires beside its canonical name. The source listens on the aliases too, with no effect: an
alias with only signal-exit's listener would make signal-exit think graceful is dying.
*/
export const createSignalSource = (
  emitter: SignalEmitter,
  raise: (signal: NodeJS.Signals) => void,
): SignalSource => {
  const {names, aliases} = catchableSignals();
  const early: NodeJS.Signals[] = [];
  let listener: SignalListener | undefined;
  const handlers = new Map<NodeJS.Signals, () => void>();
  const ignore = (): void => {};
  for (const name of names) {
    const handler = (): void => {
      if (listener === undefined) early.push(name);
      else listener(name);
    };
    handlers.set(name, handler);
    emitter.on(name, handler);
  }

  for (const alias of aliases) emitter.on(alias, ignore);

  return {
    attach: (next) => {
      listener = next;
      for (const signal of early.splice(0)) next(signal);
      return () => {
        if (listener === next) listener = undefined;
      };
    },
    release: async () => {
      // A signal that arrived while JavaScript ran waits in libuv's pipe until the loop polls, and closing its
      // handle would drop it: let the loop hand it over first.
      await new Promise((resolve) => setImmediate(resolve));
      listener = undefined;
      for (const [name, handler] of handlers) emitter.off(name, handler);
      for (const alias of aliases) emitter.off(alias, ignore);
      handlers.clear();
      for (const signal of early.splice(0)) raise(signal);
    },
  };
};
