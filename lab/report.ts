import {formatMs} from '../src/dial/format.ts';
import type {DialState} from '../src/dial/states.ts';
import type {ShutdownReport} from '../src/report/verdict.ts';
import {type LabEvent, podLifetimeMs} from './events.ts';
import type {LoadResult} from './load.ts';
import type {ScenarioResult} from './scenarios.ts';

// A stretch of time in one state, for timelines and the SVG.
export interface Segment {
  startMs: number;
  endMs: number;
  state: DialState;
}

// One table row: a scenario × client.
export interface Row {
  scenario: string;
  title: string;
  client: string;
  connected: number;
  refused: number;
  timeout: number;
  other: number;
  failingMs: number;
  podLifetimeMs: number;
  // The shutdown report graceful wrote in the first deleted pod; undefined without graceful (bare nginx) or
  // when graceful did not get to write it (SIGKILL).
  report: ShutdownReport | undefined;
  segments: Segment[];
}

// The shutdown report in a pod's output: the JSON log line that carries one.
export const reportOf = (output: string): ShutdownReport | undefined => {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"report"')) continue;
    const parsed = JSON.parse(line) as {report?: ShutdownReport};
    if (parsed.report !== undefined) return parsed.report;
  }

  return undefined;
};

// The report of the first pod the scenario deleted.
const deletedPodReport = (result: ScenarioResult): ShutdownReport | undefined => {
  const deleted = result.events.find((event) => event.kind === 'delete')?.pod;
  return deleted === undefined ? undefined : reportOf(result.podOutputs[deleted] ?? '');
};

const LOAD_BUCKET_MS = 100;

const codeState = (code: string): DialState =>
  code === 'ECONNREFUSED'
    ? 'refused'
    : code === 'ETIMEDOUT'
      ? 'timeout'
      : code.startsWith('HTTP')
        ? 'http'
        : 'error';

// Load outcomes in 100 ms buckets: a bucket with any failure shows its most frequent failure.
export const loadSegments = (load: LoadResult, startMs: number, endMs: number): Segment[] => {
  const segments: Segment[] = [];
  for (let bucketMs = startMs; bucketMs < endMs; bucketMs += LOAD_BUCKET_MS) {
    const inBucket = load.outcomes.filter(([atMs]) => atMs >= bucketMs && atMs < bucketMs + LOAD_BUCKET_MS);
    const failures = inBucket.filter(([, ok]) => ok === 0).map(([, , code]) => codeState(code));
    const counts = new Map<DialState, number>();
    for (const state of failures) {
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }

    const worst = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    const state: DialState = worst ?? 'connected';
    const last = segments.at(-1);
    if (last !== undefined && last.state === state) {
      last.endMs = bucketMs + LOAD_BUCKET_MS;
    } else {
      segments.push({startMs: bucketMs, endMs: bucketMs + LOAD_BUCKET_MS, state});
    }
  }

  return segments;
};

// The table rows of one scenario.
export const rowsOf = (result: ScenarioResult): Row[] => {
  const base = {
    scenario: result.id,
    title: result.title,
    podLifetimeMs: podLifetimeMs(result.events),
    report: deletedPodReport(result),
  };
  const rows: Row[] = result.clients.map((client) => {
    const {counts, failingMs, endMs} = client.summary;
    return {
      ...base,
      client: client.name,
      connected: counts.connected,
      refused: counts.refused,
      timeout: counts.timeout,
      other: counts.unreachable + counts.dns + counts.http + counts.error,
      failingMs,
      segments: client.changes.map((change, index) => ({
        startMs: change.atMs,
        endMs: client.changes[index + 1]?.atMs ?? endMs,
        state: change.state,
      })),
    };
  });
  if (result.load !== undefined) {
    const load = result.load;
    const failed = load.outcomes.filter(([, ok]) => ok === 0).map(([, , code]) => codeState(code));
    const segments = loadSegments(load, result.startMs, result.endMs);
    rows.push({
      ...base,
      client: `${load.name} (${load.retried} retried)`,
      connected: load.ok,
      refused: failed.filter((state) => state === 'refused').length,
      timeout: failed.filter((state) => state === 'timeout').length,
      other: failed.filter((state) => state !== 'refused' && state !== 'timeout').length,
      failingMs: segments
        .filter((segment) => segment.state !== 'connected')
        .reduce((sum, segment) => sum + segment.endMs - segment.startMs, 0),
      segments,
    });
  }

  return [...rows, ...(result.retry === undefined ? [] : rowsOf(result.retry))];
};

const HEADER = [
  'scenario',
  'client',
  'connected',
  'refused',
  'timeout',
  'other failures',
  'time failing',
  'pod alive after delete',
  'report: drain',
  'refuse',
  'suggested',
];

const verdictCell = (report: ShutdownReport | undefined, window: 'drain' | 'refuse'): string =>
  report === undefined ? '-' : report[window].enough ? 'enough' : 'too short';

// The Markdown table, columns padded so it reads in a terminal too: scenario × client, what it saw, time
// failing, and how long the deleted pod lived.
export const renderTable = (rows: readonly Row[]): string => {
  const cells = rows.map((row) => [
    `${row.scenario}. ${row.title}`,
    row.client,
    String(row.connected),
    String(row.refused),
    String(row.timeout),
    String(row.other),
    formatMs(row.failingMs),
    formatMs(row.podLifetimeMs),
    verdictCell(row.report, 'drain'),
    verdictCell(row.report, 'refuse'),
    row.report?.suggested.flags ?? '-',
  ]);
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  // The first two and the report's columns are text (left-aligned), the rest numbers (right-aligned).
  const isText = (column: number): boolean => column < 2 || column >= 8;
  const pad = (text: string, column: number): string =>
    isText(column) ? text.padEnd(widths[column] ?? 0) : text.padStart(widths[column] ?? 0);
  const line = (values: string[]): string => `| ${values.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (isText(column) ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`)).join(' | ')} |`;
  return [line(HEADER), rule, ...cells.map(line)].join('\n');
};

// What a timeline says of a lab event; the kinds left out (starts, preStop steps) stay out of it.
const EVENT_TEXT: Partial<Record<LabEvent['kind'], (event: LabEvent) => string>> = {
  'pod-ready': () => 'ready',
  'pod-unready': () => 'readiness probe failing',
  restart: (event) => `kubelet restarts ${event.container}: preStop, stop, start`,
  delete: () => 'deleted: endpoint removal starts, kubelet stops the pod',
  'stop-signal': (event) => `${event.detail} to ${event.container}`,
  sigkill: (event) => `grace period over: SIGKILL to ${event.container}`,
  'container-exited': (event) => `${event.container} exited (${event.detail})`,
  'endpoint-added': () => 'endpoint added to DNS / iptables',
  'endpoint-removed': () => 'endpoint removed from DNS / iptables',
  'pod-gone': () => 'every process ended: IP and namespace released',
};

// The time of atMs since zeroMs, as `+1.234s`.
export const relative = (atMs: number, zeroMs: number): string => {
  const seconds = (atMs - zeroMs) / 1_000;
  return `${seconds < 0 ? '-' : '+'}${Math.abs(seconds).toFixed(3)}s`;
};

// The first delete (or container restart) of a scenario: time zero of its timelines.
export const zeroOf = (result: ScenarioResult): number =>
  result.events.find((event) => event.kind === 'delete' || event.kind === 'restart')?.atMs ?? result.startMs;

// The annotated timeline of one scenario, like the seed article: lab events and every client's changes in
// time order, relative to the first delete.
export const renderTimeline = (result: ScenarioResult): string => {
  const zeroMs = zeroOf(result);
  const width = Math.max(
    10,
    ...result.clients.map((client) => client.name.length),
    ...(result.load ? [result.load.name.length] : []),
  );
  const lines: [number, string][] = [];
  for (const event of result.events) {
    const text = EVENT_TEXT[event.kind];
    if (text !== undefined && event.atMs >= result.startMs) {
      lines.push([event.atMs, `${'kubelet'.padEnd(width)}  ${event.pod}: ${text(event)}`]);
    }
  }

  for (const client of result.clients) {
    client.changes.forEach((change, index) => {
      const previous = client.changes[index - 1];
      const ended = previous === undefined ? '' : `   (--- after ${formatMs(change.atMs - previous.atMs)})`;
      lines.push([change.atMs, `${client.name.padEnd(width)}  +++ ${change.text}${ended}`]);
    });
  }

  if (result.load !== undefined) {
    for (const segment of loadSegments(result.load, result.startMs, result.endMs).filter(
      (item) => item.state !== 'connected',
    )) {
      const failed = result.load.outcomes.filter(
        ([atMs, ok]) => ok === 0 && atMs >= segment.startMs && atMs < segment.endMs,
      );
      const codes = [...new Set(failed.map(([, , code]) => code))].join(', ');
      lines.push([
        segment.startMs,
        `${result.load.name.padEnd(width)}  ${failed.length} requests failed within ${formatMs(segment.endMs - segment.startMs)} (${codes})`,
      ]);
    }
  }

  const body = lines
    .sort((a, b) => a[0] - b[0])
    .map(([atMs, text]) => `  ${relative(atMs, zeroMs)}  ${text}`);
  const report = deletedPodReport(result);
  return [
    `scenario ${result.id}: ${result.title}`,
    ...body,
    ...result.notes.map((note) => `  note: ${note}`),
    ...(report === undefined ? [] : [`  report: ${JSON.stringify(report)}`]),
    ...(result.retry === undefined ? [] : ['', renderTimeline(result.retry)]),
  ].join('\n');
};
