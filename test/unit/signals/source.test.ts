import {EventEmitter} from 'node:events';
import {describe, expect, test, vi} from 'vitest';
import {catchableSignals, createSignalSource} from '../../../src/signals/source.ts';

const emitterOf = () => new EventEmitter() as EventEmitter & Parameters<typeof createSignalSource>[0];

describe('catchableSignals', () => {
  test('lists every signal a handler may take once, aliases apart, and never KILL, STOP or CHLD', () => {
    const {names, aliases} = catchableSignals();
    expect(names).toEqual(
      expect.arrayContaining(['SIGTERM', 'SIGINT', 'SIGUSR1', 'SIGPIPE', 'SIGTTIN', 'SIGSEGV']),
    );
    expect(names).not.toEqual(expect.arrayContaining(['SIGKILL']));
    for (const name of ['SIGKILL', 'SIGSTOP', 'SIGCHLD']) expect([...names, ...aliases]).not.toContain(name);
    expect(aliases).toEqual(expect.arrayContaining(['SIGIOT', 'SIGPOLL']));
    expect(names).not.toContain('SIGPOLL');
  });
});

describe('createSignalSource', () => {
  test('hands the signals that came before attach to the listener, in order, then the new ones', () => {
    const emitter = emitterOf();
    const source = createSignalSource(emitter, vi.fn());
    emitter.emit('SIGTERM');
    emitter.emit('SIGHUP');
    const seen: string[] = [];
    source.attach((signal) => seen.push(signal));
    emitter.emit('SIGUSR2');
    expect(seen).toEqual(['SIGTERM', 'SIGHUP', 'SIGUSR2']);
  });

  test('an alias fires nothing of its own: SIGIO is handed over once', () => {
    const emitter = emitterOf();
    const source = createSignalSource(emitter, vi.fn());
    const seen: string[] = [];
    source.attach((signal) => seen.push(signal));
    emitter.emit('SIGIO');
    emitter.emit('SIGPOLL');
    expect(seen).toEqual(['SIGIO']);
    expect(emitter.listenerCount('SIGPOLL')).toBe(1);
  });

  test('after detach signals wait again for the next listener', () => {
    const emitter = emitterOf();
    const source = createSignalSource(emitter, vi.fn());
    const first: string[] = [];
    source.attach((signal) => first.push(signal))();
    emitter.emit('SIGINT');
    const second: string[] = [];
    source.attach((signal) => second.push(signal));
    expect(first).toEqual([]);
    expect(second).toEqual(['SIGINT']);
  });

  test('release stops listening and raises the signals that waited, so their default action happens', async () => {
    const emitter = emitterOf();
    const raise = vi.fn();
    const source = createSignalSource(emitter, raise);
    emitter.emit('SIGTERM');
    await source.release();
    expect(raise.mock.calls).toEqual([['SIGTERM']]);
    expect(emitter.listenerCount('SIGTERM')).toBe(0);
    expect(emitter.listenerCount('SIGPOLL')).toBe(0);
  });
});
