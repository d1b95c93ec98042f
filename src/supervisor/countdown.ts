import {setInterval} from 'node:timers/promises';
import type {WriteStream} from 'node:tty';

const MIN_WINDOW_MS = 3_000;

// Shows `draining: 7s left` on a terminal, rewritten in place each second; returns a function that clears it.
export const showCountdown = (stream: WriteStream, label: string, windowMs: number): (() => void) => {
  if (!stream.isTTY || windowMs < MIN_WINDOW_MS) {
    return () => {};
  }

  const controller = new AbortController();
  const endsAt = performance.now() + windowMs;
  const render = (): void => {
    const left = Math.max(0, Math.ceil((endsAt - performance.now()) / 1_000));
    stream.write(`\r\u001B[K${label}: ${left}s left`);
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
    stream.write('\r\u001B[K');
  };
};
