import {Writable} from 'node:stream';
import {type Logger, pino} from 'pino';
import type {LogFormat, LogLevel} from './config/options.ts';
import {stderrStatus} from './status-line.ts';

export type {Logger} from 'pino';

// graceful's logger: one JSON line per event on fd 2 (stdout belongs to the child), written synchronously
// so nothing is lost when graceful exits right after logging.
export const createLogger = async (level: LogLevel, format: LogFormat): Promise<Logger> => {
  const options = {level, base: {name: 'graceful'}, timestamp: pino.stdTimeFunctions.isoTime};
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
