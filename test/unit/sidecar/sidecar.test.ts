import {EventEmitter} from 'node:events';
import {describe, expect, onTestFinished, test} from 'vitest';
import type {Logger} from '../../../src/log.ts';
import type {SidecarOptions} from '../../../src/sidecar/options.ts';
import {runSidecar} from '../../../src/sidecar/sidecar.ts';
import {createSignalSource} from '../../../src/signals/source.ts';
import {httpRequest} from '../../helpers/http.ts';

type Line = {level: string; message: string} & Record<string, unknown>;

// The driver with a fake signal source (an EventEmitter) and a logger that keeps its lines.
const start = (overrides: Partial<SidecarOptions> = {}) => {
  const emitter = new EventEmitter();
  const signals = createSignalSource(
    emitter as unknown as Parameters<typeof createSignalSource>[0],
    () => {},
  );
  const lines: Line[] = [];
  const log = Object.fromEntries(
    ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].map((level) => [
      level,
      (fields: object, message: string) => lines.push({level, message, ...fields}),
    ]),
  ) as unknown as Logger;
  const options: SidecarOptions = {
    drainMs: 10_000,
    refuseMs: 0,
    gracePeriodMs: undefined,
    stopWaitMs: 10_000,
    health: {
      port: 0,
      host: '127.0.0.1',
      readyTcp: undefined,
      quiet: undefined,
      prestopMax: 16,
      prestopToken: undefined,
      drainReadiness: 'unready',
    },
    ...overrides,
  };
  const exited = runSidecar(options, log, {signals});
  onTestFinished(async () => {
    emitter.emit('SIGTERM');
    emitter.emit('SIGTERM');
    await exited;
  });
  const port = async (): Promise<number> => {
    await expect.poll(() => lines.some((line) => /on port \d+/.test(line.message))).toBe(true);
    const line = lines.find((item) => /on port \d+/.test(item.message));
    return Number(/on port (\d+)/.exec(line?.message ?? '')?.[1]);
  };
  return {
    emitter,
    lines,
    exited,
    port,
    phases: () => lines.flatMap((line) => (line.elapsedMs === undefined ? [] : [line.phase])),
  };
};

describe('runSidecar with an injected signal source', () => {
  test.each([
    'SIGHUP',
    'SIGUSR1',
    'SIGUSR2',
    'SIGQUIT',
    'SIGALRM',
    'SIGPIPE',
    'SIGTTIN',
    'SIGWINCH',
    'SIGSEGV',
  ])('%s is logged and ignored; SIGTERM then refuses and exits 0', async (signal) => {
    const sidecar = start();
    const port = await sidecar.port();
    sidecar.emitter.emit(signal);
    // SIGPIPE is first checked against graceful's own writes, so its line may come a moment later.
    await expect.poll(() => sidecar.lines.find((line) => line.signal === signal)?.message).toMatch(/ignored/);
    expect(JSON.parse((await httpRequest(port, '/readyz')).body)).toMatchObject({phase: 'running'});
    sidecar.emitter.emit('SIGTERM');
    await expect(sidecar.exited).resolves.toBe(0);
    expect(sidecar.phases()).toEqual(['running', 'refusing', 'exited']);
  });

  test('a SIGTERM that came before the sidecar attached is handed over: refuse, exit 0', async () => {
    const emitter = new EventEmitter();
    const signals = createSignalSource(
      emitter as unknown as Parameters<typeof createSignalSource>[0],
      () => {},
    );
    emitter.emit('SIGTERM');
    const lines: string[] = [];
    const log = new Proxy({} as Logger, {
      get: () => (_fields: object, message: string) => lines.push(message),
    });
    const status = await runSidecar(
      {
        drainMs: 1_000,
        refuseMs: 0,
        gracePeriodMs: undefined,
        stopWaitMs: 1_000,
        health: {
          port: 0,
          host: '127.0.0.1',
          readyTcp: undefined,
          quiet: undefined,
          prestopMax: 1,
          prestopToken: undefined,
          drainReadiness: 'unready',
        },
      },
      log,
      {signals},
    );
    expect(status).toBe(0);
    expect(lines).toContain('SIGTERM: refusing, the pod keeps its IP while the server ports refuse');
  });

  test('--drain-readiness ready: /readyz stays 200 while /prestop is held', async () => {
    const sidecar = start({
      health: {
        port: 0,
        host: '127.0.0.1',
        readyTcp: undefined,
        quiet: undefined,
        prestopMax: 16,
        prestopToken: undefined,
        drainReadiness: 'ready',
      },
    });
    const port = await sidecar.port();
    const held = httpRequest(port, '/prestop');
    await expect.poll(() => sidecar.phases()).toContain('draining');
    const ready = await httpRequest(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({phase: 'draining', ready: true});
    sidecar.emitter.emit('SIGTERM');
    sidecar.emitter.emit('SIGTERM');
    expect((await held).status).toBe(200);
  });
});
