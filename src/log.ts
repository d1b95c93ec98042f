import {Writable} from 'node:stream';
import type {Logger as Pino} from 'pino';
import {resolveLogFormat} from './config/normalize.ts';
import type {LogFormat, LogLevel} from './config/options.ts';
import {stderrStatus} from './status-line.ts';

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

// When a line that waited for pino happened: its timestamp is that moment, not the moment pino wrote it.
let happenedAt: number | undefined;
export const isoTime = (): string => `,"time":"${new Date(happenedAt ?? Date.now()).toISOString()}"`;

// One JSON line per event on fd 2 (stdout belongs to the child), written synchronously so nothing is lost
// when graceful exits right after logging.
const loadPino = async (level: LogLevel, format: LogFormat): Promise<Pino> => {
  const {pino} = await import('pino');
  const options = {level, base: {name: 'graceful'}, timestamp: isoTime};
  // On a terminal, log lines go above the countdown's status line.
  const destination = process.stderr.isTTY
    ? new Writable({
        write: (chunk, _encoding, callback) => {
          stderrStatus.write(String(chunk));
          callback();
        },
      })
    : pino.destination({fd: 2, sync: true});
  if (format === 'json') {
    return pino(options, destination);
  }

  // Loaded only for terminals: pretty printing is the slowest part of start-up.
  const {default: pretty} = await import('pino-pretty');
  return pino(
    options,
    pretty({destination, sync: true, ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss.l'}),
  );
};

/*
pino costs a third of graceful's start-up, so it is loaded once the child runs: the first line worth writing
starts the load and waits in order with the lines after it; lines below the level never load it.
*/
export const deferLogger = (level: LogLevel, load: () => Promise<Logger>): DeferredLogger => {
  let loaded: Logger | undefined;
  let loading: Promise<void> | undefined;
  let failed = false;
  const waiting: {method: Method; fields: object; message: string; at: number}[] = [];

  const start = (): Promise<void> =>
    (loading ??= load().then(
      (logger) => {
        loaded = logger;
        for (const {method, fields, message, at} of waiting.splice(0)) {
          happenedAt = at;
          logger[method](fields, message);
        }

        happenedAt = undefined;
      },
      (error: unknown) => {
        happenedAt = undefined;
        failed = true;
        process.stderr.write(`graceful: logging failed, ${waiting.length} lines lost: ${String(error)}\n`);
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
// process.stderr is not touched before then: creating it costs a millisecond of start-up.
export const createLogger = (level: LogLevel, format: LogFormat | 'auto'): DeferredLogger =>
  deferLogger(level, () => loadPino(level, resolveLogFormat(format, process.stderr.isTTY)));
