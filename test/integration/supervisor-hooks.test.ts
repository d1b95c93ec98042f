import {EventEmitter} from 'node:events';
import {pino} from 'pino';
import {describe, expect, test} from 'vitest';
import {createSignalSource} from '../../src/signals/source.ts';
import {normalizeRunOptions} from '../../src/supervisor/options.ts';
import {type PhaseChange, supervise} from '../../src/supervisor/supervisor.ts';
import {fixture} from '../helpers/fixtures.ts';

// supervise() in this test's own process, with a real child: the hooks are injected, the signal is real.
describe('supervisor hooks', () => {
  test('a drain hook that fails falls back to the full --drain window instead of hanging or ending early', async () => {
    const phases: PhaseChange[] = [];
    const options = normalizeRunOptions({drain: '400ms', refuse: '0', shutdownSignals: 'SIGUSR2'}, [
      process.execPath,
      fixture('print-signals.mjs'),
      '--exit-on',
      'SIGUSR2',
    ]);
    const status = supervise(options, pino({level: 'silent'}), {
      onPhase: (change) => {
        phases.push(change);
        if (change.phase === 'running') {
          // SIGUSR2 is this run's shutdown signal, so it reaches supervise() and not vitest.
          process.kill(process.pid, 'SIGUSR2');
        }
      },
      waitForDrainEnd: async () => {
        throw new Error('broken quiet drain');
      },
    });
    expect(await status).toBe(0);
    const draining = phases.find((change) => change.phase === 'draining');
    const stopping = phases.find((change) => change.phase === 'stopping');
    expect(phases.map((change) => change.phase)).toEqual([
      'running',
      'draining',
      'stopping',
      'refusing',
      'exited',
    ]);
    // The full window, not an early end.
    expect((stopping?.elapsedMs ?? 0) - (draining?.elapsedMs ?? 0)).toBeGreaterThanOrEqual(390);
  });

  test('an injected signal source: no real signal is sent: a SIGTERM emitted on a fake emitter runs the phases', async () => {
    const emitter = new EventEmitter();
    const signals = createSignalSource(
      emitter as unknown as Parameters<typeof createSignalSource>[0],
      () => {},
    );
    const phases: string[] = [];
    // sleep dies of the stop signal it is sent (the shutdown signal): 128 + 15.
    const options = normalizeRunOptions({drain: '0', refuse: '0'}, ['sleep', '30']);
    const status = supervise(options, pino({level: 'silent'}), {
      signals,
      onPhase: (change) => {
        phases.push(change.phase);
        if (change.phase === 'running') emitter.emit('SIGTERM');
      },
    });
    expect(await status).toBe(143);
    expect(phases).toEqual(['running', 'draining', 'stopping', 'refusing', 'exited']);
  });
});
