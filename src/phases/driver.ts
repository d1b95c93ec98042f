import type {Logger} from '../log.ts';

// A mode's pure transition function: the next state and what to do, from the current state and an event.
export type NextPhase<State, Event, Action> = (state: State, event: Event) => {state: State; action: Action};

// What observers learn when a phase begins (logs, the health endpoints, the countdown, a report).
export interface PhaseEntry<Phase extends string> {
  phase: Phase;
  // Since the driver started.
  elapsedMs: number;
  // The phase's planned length, if it has one.
  windowMs: number | undefined;
}

// Drives one mode's phases: feeds events to its transition function, runs the actions, schedules windows.
export interface PhaseDriver<State, Event, Phase extends string> {
  state: () => State;
  // Moves on by one event; the mode's `act` runs the action, even `none` (it may log a repeated signal).
  dispatch: (event: Event) => void;
  // Starts a new window: its signal aborts when the next window starts or the run ends.
  openWindow: () => AbortSignal;
  // Dispatches `event` once `wait` settles; a wait aborted with its window dispatches nothing.
  dispatchWhen: (wait: Promise<unknown>, event: Event) => void;
  // Logs the entry to a phase and tells every observer; `fields` go into the log line after the phase.
  enter: (phase: Phase, windowMs: number | undefined, message: string, fields?: object) => void;
  // Adds an observer of phase entries; returns its removal.
  onPhase: (observer: (entry: PhaseEntry<Phase> & Record<string, unknown>) => void) => () => void;
  // Ends every window and timer.
  stop: () => void;
}

interface DriverOptions<State, Event, Action> {
  initial: State;
  next: NextPhase<State, Event, Action>;
  act: (action: Action, event: Event, previous: State) => void;
  log: Logger;
}

const ignoreAbort = (): void => {};

// The one phase driver, shared by the wrapper and the sidecar, which differ only in `next` and `act`.
export const createPhaseDriver = <State, Event, Action, Phase extends string>({
  initial,
  next,
  act,
  log,
}: DriverOptions<State, Event, Action>): PhaseDriver<State, Event, Phase> => {
  const run = new AbortController();
  const startedAt = performance.now();
  const observers = new Set<(entry: PhaseEntry<Phase> & Record<string, unknown>) => void>();
  let state = initial;
  let window = new AbortController();

  const dispatch = (event: Event): void => {
    const previous = state;
    const transition = next(state, event);
    state = transition.state;
    act(transition.action, event, previous);
  };

  return {
    state: () => state,
    dispatch,
    openWindow: () => {
      window.abort();
      window = new AbortController();
      return AbortSignal.any([run.signal, window.signal]);
    },
    dispatchWhen: (wait, event) => {
      wait.then(() => dispatch(event), ignoreAbort);
    },
    enter: (phase, windowMs, message, fields = {}) => {
      const entry = {phase, ...fields, elapsedMs: Math.round(performance.now() - startedAt), windowMs};
      log.info(entry, message);
      for (const observer of observers) observer(entry);
    },
    onPhase: (observer) => {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    stop: () => {
      window.abort();
      run.abort();
    },
  };
};
