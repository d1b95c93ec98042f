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

// A DNS name or IPv4 address (RFC 1123 labels), or an IPv6 address with an optional zone.
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*(%[\w.-]+)?$/i;

// Checks a host name or address for a listener or a connection, or throws a UsageError naming the flag.
export const normalizeHost = (flag: string, value: unknown): string => {
  const text = String(value).trim();
  if (!HOSTNAME.test(text) && !IPV6.test(text)) {
    throw new UsageError(
      `${flag}: expected a host name or an IP address such as 0.0.0.0 or ::, got ${JSON.stringify(value)}`,
    );
  }

  return text;
};

// Parses `PORT` or `HOST:PORT` (`[::1]:PORT` for IPv6); the host defaults to 127.0.0.1.
export const normalizeHostPort = (flag: string, value: unknown): {host: string; port: number} => {
  const text = String(value).trim();
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  if (match === null) {
    return {host: '127.0.0.1', port: normalizePort(flag, text)};
  }

  return {host: normalizeHost(flag, match[1] ?? match[2]), port: normalizePort(flag, match[3])};
};
