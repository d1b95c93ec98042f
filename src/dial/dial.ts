import {setTimeout as sleep} from 'node:timers/promises';
import {attemptDial} from './attempt.ts';
import {formatClock, formatEndLine, formatStartLine, formatSummary} from './format.ts';
import type {DialOptions} from './options.ts';
import {nextPeriod, type Period} from './periods.ts';
import {createResolver} from './resolver.ts';
import {type Attempt, describeAttempt, isFailure} from './states.ts';
import {type DialSummary, summarizeDial} from './summary.ts';
import {formatTarget} from './target.ts';

// What a dial run needs from the outside: an abort (Ctrl-C) and where its lines go.
export interface DialIo {
  signal: AbortSignal;
  writeLine: (line: string) => void;
}

const changeEvent = (attempt: Attempt, target: string, ended: Period | undefined) => ({
  type: 'change',
  atMs: attempt.atMs,
  time: formatClock(attempt.atMs),
  state: attempt.state,
  address: attempt.address,
  detail: attempt.detail,
  text: describeAttempt(attempt, target),
  previous:
    ended === undefined ? undefined : {state: ended.attempt.state, durationMs: ended.endMs - ended.startMs},
});

// Dials every intervalMs until --count, --duration or the abort; prints a line at each change of state
// and a summary at the end (NDJSON with --json), and returns the summary.
export const runDial = async (options: DialOptions, {signal, writeLine}: DialIo): Promise<DialSummary> => {
  const target = formatTarget(options.target);
  const resolver = createResolver(options.dnsCacheMs);
  const attempts: Attempt[] = [];
  const startMs = Date.now();
  const deadlineMs =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : startMs + options.durationMs;
  let current: Period | undefined;
  for (let index = 0; !signal.aborted && index < (options.count ?? Number.POSITIVE_INFINITY); index++) {
    const attempt = await attemptDial(options.target, resolver, options.timeoutMs, Date.now());
    attempts.push(attempt);
    const change = nextPeriod(current, attempt);
    if (change.current !== current && change.current.attempts === 1) {
      if (options.json) {
        writeLine(JSON.stringify(changeEvent(attempt, target, change.ended)));
      } else {
        if (change.ended !== undefined) {
          writeLine(formatEndLine(change.ended, target));
        }

        writeLine(formatStartLine(attempt, target));
      }
    }

    current = change.current;
    if (isFailure(attempt.state) && options.dropCacheOnError) {
      resolver.forget();
    }

    const nextMs = startMs + (index + 1) * options.intervalMs;
    if (nextMs >= deadlineMs) {
      break;
    }

    if (index + 1 < (options.count ?? Number.POSITIVE_INFINITY)) {
      await sleep(Math.max(0, nextMs - Date.now()), undefined, {signal}).catch(() => undefined);
    }
  }

  const endMs = Date.now();
  const summary = summarizeDial(attempts, startMs, endMs);
  if (options.json) {
    writeLine(JSON.stringify({type: 'summary', target, ...summary}));
  } else {
    if (current !== undefined) {
      writeLine(formatEndLine({...current, endMs}, target));
    }

    for (const line of formatSummary(summary, target)) {
      writeLine(line);
    }
  }

  return summary;
};
