// An HTTP load client for the lab (scenario 5): keeps `concurrency` GETs in flight over keep-alive
// connections until SIGINT, then prints one JSON summary line. Like Go's and Node's HTTP clients, a
// request whose reused keep-alive connection was closed by the server before any response is retried
// once, on a new connection. Usage: node lab/load-client.ts <url> <concurrency> <timeoutMs>
import {Agent, request} from 'node:http';

const [url = '', concurrencyText = '50', timeoutText = '3000'] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const timeoutMs = Number(timeoutText);
const agent = new Agent({keepAlive: true, maxSockets: concurrency});
const RETRYABLE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

interface Outcome {
  atMs: number;
  ok: boolean;
  code?: string;
  retried: boolean;
}

const outcomes: Outcome[] = [];
let stopping = false;

// One GET: resolves with the error code, or undefined on a 2xx answer, and whether its socket was reused.
const get = (useAgent: boolean): Promise<{code?: string; reused: boolean; responded: boolean}> =>
  new Promise((resolve) => {
    let responded = false;
    const outgoing = request(url, {agent: useAgent ? agent : false, timeout: timeoutMs}, (response) => {
      responded = true;
      response.resume();
      response.once('end', () =>
        resolve({
          code:
            response.statusCode !== undefined && response.statusCode < 300
              ? undefined
              : `HTTP ${response.statusCode}`,
          reused: outgoing.reusedSocket,
          responded,
        }),
      );
      response.once('error', (error: NodeJS.ErrnoException) =>
        resolve({code: error.code ?? 'EPROTO', reused: outgoing.reusedSocket, responded}),
      );
    });
    outgoing.once('timeout', () =>
      outgoing.destroy(Object.assign(new Error('timeout'), {code: 'ETIMEDOUT'})),
    );
    outgoing.once('error', (error: NodeJS.ErrnoException) =>
      resolve({code: error.code ?? error.message, reused: outgoing.reusedSocket, responded}),
    );
    outgoing.end();
  });

const worker = async (): Promise<void> => {
  while (!stopping) {
    let result = await get(true);
    let retried = false;
    if (result.code !== undefined && result.reused && !result.responded && RETRYABLE.has(result.code)) {
      retried = true;
      result = await get(false);
    }

    // When the outcome was known: a request cut by a dying server fails at that moment.
    outcomes.push({atMs: Date.now(), ok: result.code === undefined, code: result.code, retried});
  }
};

const workers = Array.from({length: concurrency}, () => worker());
process.stdout.write(`${JSON.stringify({type: 'started', concurrency})}\n`);
process.once('SIGINT', () => {
  stopping = true;
});
await Promise.all(workers);
agent.destroy();
const failures = outcomes.filter((outcome) => !outcome.ok);
process.stdout.write(
  `${JSON.stringify({
    type: 'summary',
    requests: outcomes.length,
    ok: outcomes.length - failures.length,
    failed: failures.length,
    retried: outcomes.filter((outcome) => outcome.retried).length,
    outcomes: outcomes.map((outcome) => [outcome.atMs, outcome.ok ? 1 : 0, outcome.code ?? '']),
  })}\n`,
);
