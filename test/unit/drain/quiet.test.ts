import {describe, expect, test} from 'vitest';
import type {Observation} from '../../../src/drain/activity.ts';
import {waitForQuietDrain} from '../../../src/drain/quiet.ts';

// An observer whose clients arrive while `arriving()` is true: one accepted connection per look.
const clients = (arriving: (elapsedMs: number) => boolean) => {
  const startedAt = performance.now();
  let passiveOpens = 1_000;
  return (): Observation => {
    if (arriving(performance.now() - startedAt)) {
      passiveOpens++;
    }

    return {passiveOpens, ownAccepted: 0};
  };
};

const timeDrain = async (
  drainMs: number,
  options: {drainMinMs: number; quietMs: number},
  arriving: (elapsedMs: number) => boolean,
  signal = new AbortController().signal,
) => {
  const quiet: unknown[] = [];
  const startedAt = performance.now();
  await waitForQuietDrain(
    drainMs,
    signal,
    {...options, pollMs: 20},
    {
      observe: clients(arriving),
      onQuiet: (info) => quiet.push(info),
    },
  );
  return {elapsedMs: performance.now() - startedAt, quiet};
};

describe('waitForQuietDrain', () => {
  test('no clients: ends after drain-min, long before the drain', async () => {
    const {elapsedMs, quiet} = await timeDrain(5_000, {drainMinMs: 300, quietMs: 100}, () => false);
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(1_500);
    expect(quiet).toHaveLength(1);
  });

  test('clients that stop arriving: ends `quiet` after the last one', async () => {
    const {elapsedMs, quiet} = await timeDrain(5_000, {drainMinMs: 0, quietMs: 300}, (ms) => ms < 600);
    expect(elapsedMs).toBeGreaterThanOrEqual(850);
    expect(elapsedMs).toBeLessThan(2_500);
    expect(quiet).toEqual([expect.objectContaining({connections: expect.any(Number)})]);
  });

  test('clients that keep arriving keep the drain to its full length', async () => {
    const {elapsedMs, quiet} = await timeDrain(1_000, {drainMinMs: 0, quietMs: 200}, () => true);
    expect(elapsedMs).toBeGreaterThanOrEqual(990);
    expect(quiet).toEqual([]);
  });

  test('rejects when the run is aborted', async () => {
    const run = new AbortController();
    const waiting = timeDrain(5_000, {drainMinMs: 5_000, quietMs: 100}, () => false, run.signal);
    run.abort();
    await expect(waiting).rejects.toThrow();
  });
});
