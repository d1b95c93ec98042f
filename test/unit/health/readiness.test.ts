import {describe, expect, test} from 'vitest';
import {isReadyPhase} from '../../../src/health/readiness.ts';

describe('isReadyPhase', () => {
  test.each([
    ['starting', false, false],
    ['running', true, true],
    ['draining', false, true],
    ['stopping', false, false],
    ['refusing', false, false],
    ['exited', false, false],
  ] as const)('%s: unready %s, ready %s', (phase, unready, ready) => {
    expect(isReadyPhase(phase, 'unready')).toBe(unready);
    expect(isReadyPhase(phase, 'ready')).toBe(ready);
  });
});
