// The kubelet's readiness probe for a lab pod: GET <url> every <periodMs> with a 1 s timeout (the kubelet's
// default), a new connection each time as the kubelet's prober does, until SIGTERM. Prints one JSON line
// per change: {"ready": true|false, "status": 200}. Usage: node lab/probe-client.ts <url> <periodMs>
import {request} from 'node:http';
import {setTimeout as sleep} from 'node:timers/promises';

const [url = '', periodText = '100'] = process.argv.slice(2);
const periodMs = Number(periodText);
const TIMEOUT_MS = 1_000;

// One probe: the HTTP status, or 0 when the request failed.
const probe = (): Promise<number> =>
  new Promise((resolve) => {
    const outgoing = request(url, {agent: false, timeout: TIMEOUT_MS}, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.once('timeout', () => outgoing.destroy());
    outgoing.once('error', () => resolve(0));
    outgoing.end();
  });

let stopping = false;
process.once('SIGTERM', () => {
  stopping = true;
});
let last: boolean | undefined;
while (!stopping) {
  const status = await probe();
  // The kubelet counts 200-399 as success.
  const ready = status >= 200 && status < 400;
  if (ready !== last) {
    process.stdout.write(`${JSON.stringify({ready, status})}\n`);
    last = ready;
  }

  await sleep(periodMs);
}
