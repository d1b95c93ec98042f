import {describe, expect, test} from 'vitest';
import {isReadyState} from '../../../src/health/readiness.ts';

describe('isReadyState', () => {
  test.each([
    ['starting', false, false],
    ['ready', true, true],
    ['draining', false, true],
    ['stopped', false, false],
  ] as const)('%s: --drain-readiness unready %s, ready %s', (state, unready, ready) => {
    expect(isReadyState(state, 'unready')).toBe(unready);
    expect(isReadyState(state, 'ready')).toBe(ready);
  });
});
