import {type Attempt, sameState} from './states.ts';

// A run of consecutive attempts in the same state: what the +++ and --- lines print.
export interface Period {
  attempt: Attempt;
  startMs: number;
  endMs: number;
  attempts: number;
}

// What one more attempt did to the current period: maybe ended it and started another.
export interface Change {
  current: Period;
  ended?: Period;
}

// Folds one attempt into the current period; a new period starts when the state changes.
export const nextPeriod = (current: Period | undefined, attempt: Attempt): Change => {
  if (current !== undefined && sameState(current.attempt, attempt)) {
    return {current: {...current, endMs: attempt.atMs, attempts: current.attempts + 1}};
  }

  const started: Period = {attempt, startMs: attempt.atMs, endMs: attempt.atMs, attempts: 1};
  return current === undefined
    ? {current: started}
    : {current: started, ended: {...current, endMs: attempt.atMs}};
};

// Splits attempts into periods; each lasts until the next period starts, the last one until endMs.
export const toPeriods = (attempts: readonly Attempt[], endMs: number): Period[] => {
  const periods: Period[] = [];
  let current: Period | undefined;
  for (const attempt of attempts) {
    const change = nextPeriod(current, attempt);
    if (change.ended !== undefined) {
      periods.push(change.ended);
    }

    current = change.current;
  }

  if (current !== undefined) {
    periods.push({...current, endMs: Math.max(endMs, current.endMs)});
  }

  return periods;
};
