import {type Logger, pino} from 'pino';
import type {LogFormat, LogLevel} from './config/options.ts';

export type {Logger} from 'pino';

// graceful's logger: one JSON line per event on fd 2 (stdout belongs to the child), written synchronously
// so nothing is lost when graceful exits right after logging.
export const createLogger = async (level: LogLevel, format: LogFormat): Promise<Logger> => {
  const options = {level, base: {name: 'graceful'}, timestamp: pino.stdTimeFunctions.isoTime};
  if (format === 'json') {
    return pino(options, pino.destination({fd: 2, sync: true}));
  }

  // Loaded only for terminals: pretty printing is the slowest part of start-up.
  const {default: pretty} = await import('pino-pretty');
  return pino(
    options,
    pretty({destination: 2, sync: true, ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss.l'}),
  );
};
