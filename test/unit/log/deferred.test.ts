import {afterEach, describe, expect, test, vi} from 'vitest';
import {deferLogger, isoTime, type LineClock, type Logger} from '../../../src/log.ts';

// A stand-in for pino that records each line with the timestamp pino would write for it.
const recorder = () => {
  const lines: string[] = [];
  let clock: LineClock = Date.now;
  const line =
    (method: string) =>
    (fields: object, message: string): void => {
      lines.push(`${method} ${message} ${JSON.stringify(fields)}${isoTime(clock)()}`);
    };
  const logger: Logger = {
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    fatal: line('fatal'),
  };
  // What deferLogger's load gets: the clock to stamp lines with; resolves this stand-in.
  const load = async (given: LineClock): Promise<Logger> => {
    clock = given;
    return logger;
  };
  return {lines, logger, load};
};

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('deferLogger', () => {
  test('lines below the level never load the logger', async () => {
    const load = vi.fn(async () => recorder().logger);
    const log = deferLogger('warn', load);
    log.info({}, 'running');
    log.debug({}, 'forwarded');
    await log.flush();
    expect(load).not.toHaveBeenCalled();
  });

  test('the first line loads it once; lines keep their order and the time they happened', async () => {
    vi.useFakeTimers({toFake: ['Date']});
    vi.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
    const recorded = recorder();
    const {lines} = recorded;
    const load = vi.fn(recorded.load);
    const log = deferLogger('info', load);
    log.info({phase: 'running'}, 'running');
    vi.setSystemTime(new Date('2026-01-01T00:00:01.000Z'));
    log.debug({}, 'below the level');
    log.warn({pid: 1}, 'left over');
    vi.setSystemTime(new Date('2026-01-01T00:00:05.000Z'));
    await log.flush();
    log.info({}, 'after the load');
    expect(load).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      'info running {"phase":"running"},"time":"2026-01-01T00:00:00.000Z"',
      'warn left over {"pid":1},"time":"2026-01-01T00:00:01.000Z"',
      'info after the load {},"time":"2026-01-01T00:00:05.000Z"',
    ]);
  });

  test('a logger that fails to load costs the lines, one message, and nothing else', async () => {
    const write = vi.fn();
    const load = vi.fn(async (): Promise<Logger> => {
      throw new Error('no pino');
    });
    const log = deferLogger('info', load, write);
    log.info({}, 'running');
    log.error({}, 'lost');
    await log.flush();
    log.error({}, 'dropped');
    await log.flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(write.mock.calls.map(([text]) => text)).toEqual([
      'graceful: logging failed, 2 lines lost: Error: no pino\n',
    ]);
  });
});
