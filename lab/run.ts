// `npm run lab [-- <scenario ids>]`: runs the pod lab's scenarios (as root), prints the table and each
// annotated timeline, and (when all ran) writes docs/lab.svg.
import {mkdir, writeFile} from 'node:fs/promises';
import {buildCli} from '../scripts/build.ts';
import type {Lab} from './lab.ts';
import {renderTable, renderTimeline, rowsOf} from './report.ts';
import {SCENARIOS, type ScenarioResult} from './scenarios.ts';
import {renderSvg} from './svg.ts';

if (process.getuid?.() !== 0) {
  console.error(
    'npm run lab needs root (ip netns, iptables, dnsmasq, nginx): run it as root or in the dev container',
  );
  process.exit(2);
}

const wanted = process.argv.slice(2);
const scenarios = SCENARIOS.filter((scenario) => wanted.length === 0 || wanted.includes(scenario.id));
await buildCli();
const results: ScenarioResult[] = [];
let current: Lab | undefined;
// Ctrl-C: remove the running scenario's namespaces and processes before leaving.
process.once('SIGINT', () => {
  void (current?.destroy() ?? Promise.resolve()).finally(() => process.exit(130));
});
for (const scenario of scenarios) {
  process.stderr.write(`lab: scenario ${scenario.id}: ${scenario.title}...\n`);
  results.push(
    await scenario.run((lab) => {
      current = lab;
    }),
  );
}

const table = renderTable(results.flatMap(rowsOf));
const timelines = results.map(renderTimeline).join('\n\n');
console.log(`${table}\n\n${timelines}`);
// docs/lab.svg shows every scenario: a run of some of them leaves it alone.
if (wanted.length === 0) {
  await mkdir(new URL('../docs/', import.meta.url), {recursive: true});
  await writeFile(new URL('../docs/lab.svg', import.meta.url), renderSvg(results));
  console.error('lab: wrote docs/lab.svg');
}
