// What `graceful dial` connects to: a TCP host:port, or a URL that must answer a GET with 2xx.
export type DialTarget =
  | {kind: 'tcp'; host: string; port: number}
  | {kind: 'http'; host: string; port: number; url: URL; tls: boolean};

const DEFAULT_PORTS: Record<string, number> = {'http:': 80, 'https:': 443};

const parsePort = (text: string): number | undefined => {
  if (!/^\d{1,5}$/.test(text)) {
    return undefined;
  }

  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
};

// Strips the brackets of an IPv6 literal, as in [::1]:80.
const unbracket = (host: string): string => (host.startsWith('[') ? host.slice(1, -1) : host);

// Parses `host:port`, `[::1]:80`, `http://host[:port]/path` or `https://...`; undefined when malformed.
export const parseTarget = (text: string): DialTarget | undefined => {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return undefined;
    }

    const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : parsePort(url.port);
    if (port === undefined || url.hostname === '') {
      return undefined;
    }

    return {kind: 'http', host: unbracket(url.hostname), port, url, tls: url.protocol === 'https:'};
  }

  const match = /^(\[[^\]]+\]|[^:[\]/\s]+):([^:]+)$/.exec(trimmed);
  const port = match?.[2] === undefined ? undefined : parsePort(match[2]);
  if (match?.[1] === undefined || port === undefined) {
    return undefined;
  }

  return {kind: 'tcp', host: unbracket(match[1]), port};
};

// The target as the user wrote it, for lines and summaries.
export const formatTarget = (target: DialTarget): string =>
  target.kind === 'http'
    ? target.url.href
    : `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
