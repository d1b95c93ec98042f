import type {Period} from './periods.ts';
import type {DialState} from './states.ts';

// One character per state in the timeline bar; a blank cell had no attempt.
export const TIMELINE_CHARS: Record<DialState, string> = {
  connected: '=',
  refused: 'r',
  timeout: 'T',
  unreachable: 'U',
  dns: 'D',
  http: 'H',
  error: 'E',
};

// When several states share a cell, the worst one shows: a timeout must never hide behind a connect.
const SEVERITY: Record<DialState, number> = {
  connected: 0,
  refused: 1,
  http: 2,
  dns: 3,
  error: 4,
  unreachable: 5,
  timeout: 6,
};

// The legend printed under the bar.
export const TIMELINE_LEGEND = Object.entries(TIMELINE_CHARS)
  .map(([state, char]) => `${char} ${state}`)
  .join(', ');

// Renders periods as a one-line bar of `width` cells spanning startMs..endMs, e.g. `====rrTTTT====`.
export const renderTimelineBar = (
  periods: readonly Period[],
  startMs: number,
  endMs: number,
  width: number,
): string => {
  const spanMs = Math.max(1, endMs - startMs);
  const cells: (DialState | undefined)[] = Array.from({length: width}, () => undefined);
  for (const period of periods) {
    const first = Math.floor(((period.startMs - startMs) / spanMs) * width);
    const last = Math.ceil(((period.endMs - startMs) / spanMs) * width) - 1;
    for (let cell = Math.max(0, first); cell <= Math.min(width - 1, Math.max(first, last)); cell++) {
      const shown = cells[cell];
      if (shown === undefined || SEVERITY[period.attempt.state] > SEVERITY[shown]) {
        cells[cell] = period.attempt.state;
      }
    }
  }

  return cells.map((state) => (state === undefined ? ' ' : TIMELINE_CHARS[state])).join('');
};
