import {UsageError} from '../errors.ts';

// Turns a flag's value into a TCP port (1-65535) or throws a UsageError naming the flag.
export const normalizePort = (flag: string, value: unknown): number => {
  const text = String(value).trim();
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) {
    throw new UsageError(`${flag}: expected a TCP port from 1 to 65535, got ${JSON.stringify(value)}`);
  }

  return port;
};

// Parses `PORT` or `HOST:PORT` (`[::1]:PORT` for IPv6); the host defaults to 127.0.0.1.
export const normalizeHostPort = (flag: string, value: unknown): {host: string; port: number} => {
  const text = String(value).trim();
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  if (match === null) {
    return {host: '127.0.0.1', port: normalizePort(flag, text)};
  }

  return {host: match[1] ?? match[2] ?? '127.0.0.1', port: normalizePort(flag, match[3])};
};
