// The kubelet's preStop httpGet for a lab pod, run in the node namespace against the pod IP: one GET with no
// timeout of its own (neither has the kubelet's client, kubernetes#103300; the lab's kubelet kills this when the
// grace period is spent). Prints `answered <status>` or `failed <code>`. Usage: node lab/hook-client.ts <url>
import {get} from 'node:http';

const [url = ''] = process.argv.slice(2);
get(url, {agent: false}, (response) => {
  process.stdout.write(`answered ${response.statusCode}\n`);
  response.resume();
}).once('error', (error: NodeJS.ErrnoException) => {
  process.stdout.write(`failed ${error.code ?? error.message}\n`);
});
