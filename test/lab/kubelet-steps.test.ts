import {describe, expect, test} from 'vitest';
import {stepLimitMs, stopStages} from '../../lab/kubelet-steps.ts';

describe("the lab kubelet's order", () => {
  test.each([
    {sidecars: [], mains: ['app'], stages: [['app']]},
    {sidecars: [], mains: ['app', 'log'], stages: [['app', 'log']]},
    // KEP-753: the sidecar gets its stop signal only once every main container has exited.
    {sidecars: ['graceful'], mains: ['nginx'], stages: [['nginx'], ['graceful']]},
    // Several sidecars: in reverse start order, one at a time.
    {
      sidecars: ['mesh', 'graceful'],
      mains: ['nginx', 'worker'],
      stages: [['nginx', 'worker'], ['graceful'], ['mesh']],
    },
    {sidecars: ['graceful'], mains: [], stages: [['graceful']]},
  ])('sidecars $sidecars, mains $mains: stop stages $stages', ({sidecars, mains, stages}) => {
    expect(stopStages(sidecars, mains)).toEqual(stages);
  });
});

describe("the lab kubelet's limits", () => {
  test.each([
    // A preStop hook may take the whole grace period, and what is left once other steps took their share.
    ['prestop', 30_000, 0, 30_000],
    ['prestop', 30_000, 29_000, 1_000],
    ['prestop', 30_000, 31_000, 0],
    // The stop signal gets what the preStop hook left ...
    ['stop-signal', 30_000, 0, 30_000],
    ['stop-signal', 30_000, 5_500, 24_500],
    ['stop-signal', 35_000, 5_500, 29_500],
    // ... but at least 2 s, even when the hook took it all.
    ['stop-signal', 30_000, 28_500, 2_000],
    ['stop-signal', 30_000, 30_000, 2_000],
    ['stop-signal', 2_000, 0, 2_000],
    ['stop-signal', 1_000, 0, 2_000],
    // A native sidecar stopped after a main container that was SIGKILLed at the grace period's end: 2 s more.
    ['stop-signal', 10_000, 10_050, 2_000],
  ] as const)('%s, grace period %d ms, %d ms in: %d ms', (step, gracePeriodMs, elapsedMs, limitMs) => {
    expect(stepLimitMs(step, gracePeriodMs, elapsedMs)).toBe(limitMs);
  });
});
