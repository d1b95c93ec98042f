import {describe, expect, test} from 'vitest';
import {podLifetimeMs} from '../../lab/events.ts';
import {loadSegments, renderTable, renderTimeline, reportOf, rowsOf} from '../../lab/report.ts';
import type {ScenarioResult} from '../../lab/scenarios.ts';
import {renderSvg} from '../../lab/svg.ts';
import type {DialSummary} from '../../src/dial/summary.ts';

const summary = (counts: Partial<DialSummary['counts']>, failingMs: number): DialSummary => ({
  startMs: 0,
  endMs: 3_000,
  attempts: 30,
  counts: {connected: 0, refused: 0, timeout: 0, unreachable: 0, dns: 0, http: 0, error: 0, ...counts},
  failingMs,
  connectMs: {},
  lookupMs: {},
  conntrackRace: {count: 0},
  timeline: '',
  ok: failingMs === 0,
});

const result: ScenarioResult = {
  id: '1',
  title: 'bare nginx',
  startMs: 0,
  endMs: 3_000,
  clients: [
    {
      name: 'no cache',
      exitCode: 1,
      summary: summary({connected: 20, timeout: 10}, 1_000),
      changes: [
        {atMs: 0, state: 'connected', address: 'a:80', text: 'connected to a:80'},
        {atMs: 1_000, state: 'timeout', address: 'a:80', text: 'dial tcp a:80: i/o timeout'},
        {atMs: 2_000, state: 'connected', address: 'b:80', text: 'connected to b:80'},
      ],
    },
  ],
  events: [
    {atMs: 1_000, kind: 'delete', pod: 'pod1'},
    {atMs: 1_000, kind: 'stop-signal', pod: 'pod1', container: 'nginx', detail: 'SIGTERM'},
    {atMs: 1_040, kind: 'pod-gone', pod: 'pod1'},
  ],
  podLifetimeMs: 40,
  podOutputs: {},
  notes: [],
};

describe('lab report', () => {
  test('podLifetimeMs: the longest delete → IP gone', () => {
    expect(podLifetimeMs(result.events)).toBe(40);
    expect(podLifetimeMs([])).toBe(0);
    expect(
      podLifetimeMs([
        {atMs: 0, kind: 'delete', pod: 'a'},
        {atMs: 100, kind: 'delete', pod: 'b'},
        {atMs: 500, kind: 'pod-gone', pod: 'a'},
        {atMs: 400, kind: 'pod-gone', pod: 'b'},
      ]),
    ).toBe(500);
  });

  test('rows: one per client, with segments from its changes', () => {
    const [row] = rowsOf(result);
    expect(row).toMatchObject({
      scenario: '1',
      client: 'no cache',
      connected: 20,
      timeout: 10,
      failingMs: 1_000,
    });
    expect(row?.segments).toEqual([
      {startMs: 0, endMs: 1_000, state: 'connected'},
      {startMs: 1_000, endMs: 2_000, state: 'timeout'},
      {startMs: 2_000, endMs: 3_000, state: 'connected'},
    ]);
  });

  test('the table has a header and a row per client', () => {
    const lines = renderTable(rowsOf(result)).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]?.split('|').map((cell) => cell.trim())).toEqual([
      '',
      '1. bare nginx',
      'no cache',
      '20',
      '0',
      '10',
      '0',
      '1.00s',
      '40ms',
      '-',
      '-',
      '-',
      '',
    ]);
    // Padded: every line as long as the header, numbers right-aligned.
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[1]).toMatch(/^\| -+ \| -+ \| -+: \|/);
  });

  test("the report's columns come from the deleted pod's JSON log line", () => {
    const report = {
      drain: {enough: false},
      refuse: {enough: true},
      suggested: {flags: '--drain 6s --stop-timeout 6s --refuse 5s'},
    };
    const output = [
      'nginx: [warn] something',
      JSON.stringify({level: 30, msg: 'exited with status 0'}),
      JSON.stringify({level: 30, report, msg: 'shutdown report: ...'}),
    ].join('\n');
    expect(reportOf(output)).toEqual(report);
    expect(reportOf('no json here')).toBeUndefined();
    const withReport = {...result, podOutputs: {pod1: output}};
    const cells = renderTable(rowsOf(withReport))
      .split('\n')[2]
      ?.split('|')
      .map((cell) => cell.trim());
    expect(cells?.slice(-4)).toEqual(['too short', 'enough', '--drain 6s --stop-timeout 6s --refuse 5s', '']);
  });

  test('a retry adds its rows after the first run', () => {
    const rows = rowsOf({...result, retry: {...result, id: '8b'}});
    expect(rows.map((row) => row.scenario)).toEqual(['1', '8b']);
  });

  test('the timeline is relative to the delete and in time order', () => {
    const lines = renderTimeline(result).split('\n');
    expect(lines[0]).toBe('scenario 1: bare nginx');
    expect(lines.findIndex((line) => line.includes('+0.000s') && line.includes('deleted'))).toBeLessThan(
      lines.findIndex((line) => line.includes('i/o timeout')),
    );
    expect(lines.some((line) => line.includes('-1.000s') && line.includes('connected to a:80'))).toBe(true);
    // The kubelet's steps name the container and the signal.
    expect(lines.some((line) => line.endsWith('pod1: SIGTERM to nginx'))).toBe(true);
  });

  test('load outcomes become 100 ms buckets; a bucket with a failure shows it', () => {
    const segments = loadSegments(
      {
        name: 'load',
        requests: 4,
        ok: 2,
        failed: 2,
        retried: 0,
        outcomes: [
          [10, 1, ''],
          [150, 0, 'ECONNREFUSED'],
          [160, 0, 'ECONNREFUSED'],
          [250, 1, ''],
        ],
      },
      0,
      300,
    );
    expect(segments).toEqual([
      {startMs: 0, endMs: 100, state: 'connected'},
      {startMs: 100, endMs: 200, state: 'refused'},
      {startMs: 200, endMs: 300, state: 'connected'},
    ]);
  });

  test('the SVG has a titled picture with a bar per state and the stop signal marker', () => {
    const svg = renderSvg([result]);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title>graceful pod lab');
    expect(svg.match(/<rect [^>]*fill="#e53935"/g)).toHaveLength(2);
    expect(svg).toContain('<title>stop-signal pod1</title>');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });
});
