import {describe, expect, test} from 'vitest';
import type {Logger} from '../../../src/log.ts';
import {createPhaseDriver, type NextPhase} from '../../../src/phases/driver.ts';

type Phase = 'idle' | 'waiting' | 'done';
type Event = {type: 'start'} | {type: 'elapsed'} | {type: 'again'};
type Action = 'none' | 'wait' | 'finish';

// A two-step machine: start opens a window, its end finishes; anything else changes nothing.
const next: NextPhase<{phase: Phase}, Event, Action> = (state, event) => {
  if (state.phase === 'idle' && event.type === 'start') return {state: {phase: 'waiting'}, action: 'wait'};
  if (state.phase === 'waiting' && event.type === 'elapsed')
    return {state: {phase: 'done'}, action: 'finish'};
  return {state, action: 'none'};
};

const quietLog = (lines: string[]): Logger =>
  Object.fromEntries(
    ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((level) => [
      level,
      (_fields: object, message: string) => lines.push(message),
    ]),
  ) as unknown as Logger;

const start = () => {
  const lines: string[] = [];
  const acted: [Action, Event['type'], Phase][] = [];
  const gate = Promise.withResolvers<void>();
  const driver = createPhaseDriver<{phase: Phase}, Event, Action, Phase>({
    initial: {phase: 'idle'},
    next,
    log: quietLog(lines),
    act: (action, event, previous) => {
      acted.push([action, event.type, previous.phase]);
      if (action === 'wait') {
        const signal = driver.openWindow();
        driver.enter('waiting', 1_000, 'waiting');
        driver.dispatchWhen(
          Promise.race([gate.promise, new Promise((_, reject) => signal.addEventListener('abort', reject))]),
          {type: 'elapsed'},
        );
      }
      if (action === 'finish') driver.enter('done', undefined, 'done');
    },
  });
  return {driver, lines, acted, gate};
};

describe('the phase driver', () => {
  test('runs each action, even none, with the state it left; a window ends in its event', async () => {
    const {driver, acted, gate} = start();
    driver.dispatch({type: 'again'});
    driver.dispatch({type: 'start'});
    expect(driver.state().phase).toBe('waiting');
    gate.resolve();
    await expect.poll(() => driver.state().phase).toBe('done');
    expect(acted).toEqual([
      ['none', 'again', 'idle'],
      ['wait', 'start', 'idle'],
      ['finish', 'elapsed', 'waiting'],
    ]);
  });

  test('tells observers and the log each phase entry, with its window', () => {
    const {driver, lines} = start();
    const entries: unknown[] = [];
    const remove = driver.onPhase((entry) => entries.push(entry));
    driver.dispatch({type: 'start'});
    remove();
    driver.enter('done', undefined, 'not observed');
    expect(entries).toEqual([{phase: 'waiting', elapsedMs: expect.any(Number), windowMs: 1_000}]);
    expect(lines).toEqual(['waiting', 'not observed']);
  });

  test('a stopped driver dispatches nothing from the window it left', async () => {
    const {driver, acted, gate} = start();
    driver.dispatch({type: 'start'});
    driver.stop();
    gate.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(driver.state().phase).toBe('waiting');
    expect(acted.map(([action]) => action)).toEqual(['wait']);
  });
});
