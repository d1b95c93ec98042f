import {setInterval} from 'node:timers/promises';
import type {StatusLine} from '../log/status-line.ts';

const MIN_WINDOW_MS = 3_000;

// Shows `draining: 7s left` on a terminal's status line, updated each second; returns a function that clears it.
export const showCountdown = (
  status: StatusLine,
  isTty: boolean,
  label: string,
  windowMs: number,
): (() => void) => {
  if (!isTty || windowMs < MIN_WINDOW_MS) {
    return () => {};
  }

  const controller = new AbortController();
  const endsAt = performance.now() + windowMs;
  const render = (): void => {
    status.set(`${label}: ${Math.max(0, Math.ceil((endsAt - performance.now()) / 1_000))}s left`);
  };

  render();
  void (async () => {
    try {
      for await (const _ of setInterval(1_000, undefined, {signal: controller.signal, ref: false})) {
        render();
      }
    } catch {}
  })();
  return () => {
    controller.abort();
    status.clear();
  };
};
