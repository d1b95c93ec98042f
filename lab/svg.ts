import type {DialState} from '../src/dial/states.ts';
import {type Row, rowsOf, zeroOf} from './report.ts';
import type {ScenarioResult} from './scenarios.ts';

// The colors of the states, shared by the bars and the legend.
export const STATE_COLORS: Record<DialState, string> = {
  connected: '#43a047',
  refused: '#fbc02d',
  timeout: '#e53935',
  unreachable: '#8e24aa',
  dns: '#1e88e5',
  http: '#6d4c41',
  error: '#757575',
};

const LABEL_WIDTH = 330;
const PLOT_WIDTH = 620;
const ROW_HEIGHT = 16;
const ROW_GAP = 4;
const GROUP_GAP = 26;
const BEFORE_MS = 1_000;

const escapeXml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

// Draws every scenario × client as a bar of states over time, zero at the scenario's first delete, with
// the stop signal (black) and the old pod's IP disappearing (blue) marked.
export const renderSvg = (results: readonly ScenarioResult[]): string => {
  const groups = results.map((result) => ({result, rows: rowsOf(result), zeroMs: zeroOf(result)}));
  const afterMs = Math.max(
    4_000,
    ...groups.flatMap(({rows, zeroMs}) =>
      rows.flatMap((row) => row.segments.map((segment) => segment.endMs - zeroMs)),
    ),
  );
  const spanMs = BEFORE_MS + afterMs;
  const x = (relativeMs: number): number =>
    LABEL_WIDTH + (Math.min(Math.max(relativeMs + BEFORE_MS, 0), spanMs) / spanMs) * PLOT_WIDTH;
  const parts: string[] = [];
  let y = 30;
  for (const {result, rows, zeroMs} of groups) {
    parts.push(
      `<text x="4" y="${y}" font-weight="bold">${escapeXml(`${result.id}. ${result.title}`)}</text>`,
    );
    y += 6;
    const top = y;
    for (const row of rows as Row[]) {
      parts.push(`<text x="14" y="${y + ROW_HEIGHT - 4}">${escapeXml(row.client)}</text>`);
      for (const segment of row.segments) {
        const left = x(segment.startMs - zeroMs);
        const width = Math.max(0.5, x(segment.endMs - zeroMs) - left);
        parts.push(
          `<rect x="${left.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${ROW_HEIGHT}" fill="${STATE_COLORS[segment.state]}"><title>${segment.state}</title></rect>`,
        );
      }

      y += ROW_HEIGHT + ROW_GAP;
    }

    for (const event of result.events) {
      const color =
        event.kind === 'stop-signal'
          ? '#000'
          : event.kind === 'pod-gone'
            ? '#1565c0'
            : event.kind === 'sigkill'
              ? '#d81b60'
              : undefined;
      if (color !== undefined) {
        const at = x(event.atMs - zeroMs).toFixed(1);
        parts.push(
          `<line x1="${at}" x2="${at}" y1="${top - 3}" y2="${y - ROW_GAP + 3}" stroke="${color}" stroke-width="2"><title>${event.kind} ${event.pod}</title></line>`,
        );
      }
    }

    y += GROUP_GAP - 6;
  }

  const axis: string[] = [];
  for (let seconds = -BEFORE_MS / 1_000; seconds * 1_000 <= afterMs; seconds += 1) {
    const at = x(seconds * 1_000).toFixed(1);
    axis.push(`<line x1="${at}" x2="${at}" y1="12" y2="${y - GROUP_GAP + 6}" stroke="#ddd"/>`);
    axis.push(`<text x="${at}" y="10" text-anchor="middle" fill="#555">${seconds}s</text>`);
  }

  const legend = [
    ...Object.entries(STATE_COLORS)
      .filter(([state]) => ['connected', 'refused', 'timeout', 'error'].includes(state))
      .map(
        ([state, color], index) =>
          `<rect x="${14 + index * 120}" y="${y}" width="12" height="12" fill="${color}"/><text x="${30 + index * 120}" y="${y + 11}">${state}</text>`,
      ),
    `<line x1="494" x2="494" y1="${y - 2}" y2="${y + 14}" stroke="#000" stroke-width="2"/><text x="500" y="${y + 11}">stop signal</text>`,
    `<line x1="584" x2="584" y1="${y - 2}" y2="${y + 14}" stroke="#d81b60" stroke-width="2"/><text x="590" y="${y + 11}">SIGKILL</text>`,
    `<line x1="674" x2="674" y1="${y - 2}" y2="${y + 14}" stroke="#1565c0" stroke-width="2"/><text x="680" y="${y + 11}">pod IP gone</text>`,
  ];
  const height = y + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_WIDTH + PLOT_WIDTH + 10}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<title>graceful pod lab: what each client saw while a pod was deleted</title>',
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...axis,
    ...parts,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
};
