import {isatty} from 'node:tty';
import type {Logger as Pino} from 'pino';
import {stderrStatus} from './log/status-line.ts';
import {stderr} from './log/stderr.ts';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export type LogFormat = 'json' | 'pretty';
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
export const LOG_LEVELS: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
export const LOG_FORMATS: LogFormat[] = ['json', 'pretty'];

// The format an 'auto' --log-format stands for, once it is known whether stderr is a terminal.
export const resolveLogFormat = (format: LogFormat | 'auto', isTty: boolean): LogFormat =>
  format === 'auto' ? (isTty ? 'pretty' : 'json') : format;

type Method = Exclude<LogLevel, 'silent'>;

// What graceful's parts log through: pino's `log.info({fields}, 'message')`; a pino logger is one.
export type Logger = Record<Method, (fields: object, message: string) => void>;

// graceful's own logger, which loads pino on the first line it writes: flush() before exiting.
export interface DeferredLogger extends Logger {
  flush: () => Promise<void>;
}

const METHODS: Method[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
// pino's level numbers: a line below the level is dropped without loading pino.
const LEVEL_VALUES: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

// The time a line is stamped with: the moment it happened, which for a line that waited for pino is not now.
export type LineClock = () => number;

// pino's timestamp option for a clock: `,"time":"<ISO 8601>"`.
export const isoTime =
  (clock: LineClock): (() => string) =>
  () =>
    `,"time":"${new Date(clock()).toISOString()}"`;

// Whether graceful's stderr is a terminal; asked of the descriptor, since process.stderr would change it.
export const stderrIsTty = (): boolean => isatty(2);

// How long graceful waits, when it exits, for a stalled stderr to take its last lines.
const FLUSH_TIMEOUT_MS = 1_000;

/*
The level as a label too (`"severity":"WARNING"`), beside pino's number: Cloud Logging reads `severity` with its
LogSeverity names, Datadog's status remapper and Loki's level detection read it as well. pino's own `level` stays a
number, so pino-pretty and other pino tools read the lines as before.
*/
const SEVERITY: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};
const formatLevel = (label: string, level: number) => ({level, severity: SEVERITY[label] ?? 'DEFAULT'});

// A line's `text` (the shutdown report's block) is what pretty logs print instead of its message and `report`;
// JSON lines leave it out.
const withoutText = ({text: _text, ...fields}: Record<string, unknown>) => fields;

// One JSON line per event on fd 2 (stdout belongs to the child), queued without blocking (src/log/stderr.ts).
const loadPino = async (level: LogLevel, format: LogFormat, clock: LineClock): Promise<Pino> => {
  // A CommonJS module's exports are its default export, in the npm package's chunks as in Node.js.
  const {default: pino} = await import('pino');
  const options = {level, base: {name: 'graceful'}, timestamp: isoTime(clock)};
  // On a terminal, log lines go above the countdown's status line.
  const write = stderrIsTty() ? stderrStatus.write : stderr.write;
  if (format === 'json') {
    return pino({...options, formatters: {level: formatLevel, log: withoutText}}, {write});
  }

  // Loaded only for terminals: pretty printing is the slowest part of start-up.
  const {prettyFactory} = (await import('pino-pretty')).default;
  const pretty = prettyFactory({
    ignore: 'pid,hostname,name,severity,report,text',
    translateTime: 'HH:MM:ss.l',
    colorize: stderrIsTty(),
    messageFormat: (line, key) => String(typeof line.text === 'string' ? line.text : (line[key] ?? '')),
  });
  return pino({...options, formatters: {level: formatLevel}}, {write: (line: string) => write(pretty(line))});
};

/*
pino costs a third of graceful's start-up, so it is loaded once the child runs: the first line worth writing
starts the load and waits in order with the lines after it; lines below the level never load it. `load` gets
the clock its lines must be stamped with: a waiting line keeps the time it happened.
*/
export const deferLogger = (
  level: LogLevel,
  load: (clock: LineClock) => Promise<Logger>,
  writeStderr: (text: string) => void = stderr.write,
): DeferredLogger => {
  let loaded: Logger | undefined;
  let loading: Promise<void> | undefined;
  let failed = false;
  const waiting: {method: Method; fields: object; message: string; at: number}[] = [];
  // While the waiting lines are written: the time of the one being written.
  let replayedAt: number | undefined;
  const clock: LineClock = () => replayedAt ?? Date.now();

  const start = (): Promise<void> =>
    (loading ??= load(clock).then(
      (logger) => {
        loaded = logger;
        for (const {method, fields, message, at} of waiting.splice(0)) {
          replayedAt = at;
          logger[method](fields, message);
        }

        replayedAt = undefined;
      },
      (error: unknown) => {
        replayedAt = undefined;
        failed = true;
        writeStderr(`graceful: logging failed, ${waiting.length} lines lost: ${String(error)}\n`);
        waiting.length = 0;
      },
    ));

  const logger = {flush: () => loading ?? Promise.resolve()} as DeferredLogger;
  for (const method of METHODS) {
    logger[method] = (fields, message) => {
      if (failed || LEVEL_VALUES[method] < LEVEL_VALUES[level]) return;
      if (loaded !== undefined) {
        loaded[method](fields, message);
        return;
      }

      waiting.push({method, fields, message, at: Date.now()});
      void start();
    };
  }

  return logger;
};

// graceful's logger: pino as configured by --log-level and --log-format, loaded on the first line it writes.
export const createLogger = (level: LogLevel, format: LogFormat | 'auto'): DeferredLogger => {
  const logger = deferLogger(level, (clock) =>
    loadPino(level, resolveLogFormat(format, stderrIsTty()), clock),
  );
  stderr.onResumed((dropped) =>
    logger.warn({droppedLines: dropped}, `stderr was full or stalled: ${dropped} log lines were dropped`),
  );
  return {
    ...logger,
    flush: async () => {
      await logger.flush();
      await stderr.flush(FLUSH_TIMEOUT_MS);
    },
  };
};
