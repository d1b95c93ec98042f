// The README's options tables, each rendered from a command's option spec; readme.test.ts keeps them equal.
import {renderOptionsTable} from '../src/config/option-spec.ts';
import {DIAL_OPTIONS} from '../src/dial/options.ts';
import {INJECT_OPTIONS} from '../src/inject/options.ts';
import {CHECK_OPTION, PLAN_OPTIONS} from '../src/plan/options.ts';
import {SIDECAR_OWN_OPTIONS} from '../src/sidecar/options.ts';
import {WRAPPER_HEALTH_OPTIONS, WRAPPER_OPTIONS} from '../src/supervisor/options.ts';

// Each table, named by the README heading it sits under.
export const OPTIONS_TABLES: Record<string, string> = {
  '## Sidecar: `graceful sidecar`': renderOptionsTable(SIDECAR_OWN_OPTIONS),
  '### `graceful dial`': renderOptionsTable(DIAL_OPTIONS),
  '### `graceful plan`': renderOptionsTable([...PLAN_OPTIONS, CHECK_OPTION]),
  '## Adopt in one command: `graceful inject`': renderOptionsTable(INJECT_OPTIONS),
  '## Options': renderOptionsTable(WRAPPER_OPTIONS),
  '### Health endpoints and quiet drain (wrapper and sidecar)': renderOptionsTable(WRAPPER_HEALTH_OPTIONS),
};

// The README with each section's first options table replaced by the rendered one.
export const renderReadmeTables = (readme: string): string => {
  let text = readme;
  for (const [heading, table] of Object.entries(OPTIONS_TABLES)) {
    const start = text.indexOf(`\n${heading}\n`);
    if (start === -1) throw new Error(`README has no heading ${heading}`);
    const tableStart = text.indexOf('\n| option |', start);
    const next = text.indexOf('\n##', start + heading.length + 2);
    if (tableStart === -1 || (next !== -1 && tableStart > next)) {
      throw new Error(`README has no options table under ${heading}`);
    }
    let tableEnd = tableStart + 1;
    while (text.startsWith('|', tableEnd)) tableEnd = text.indexOf('\n', tableEnd) + 1;
    text = `${text.slice(0, tableStart + 1)}${table}\n${text.slice(tableEnd)}`;
  }
  return text;
};

if (import.meta.main) {
  const {readFileSync, writeFileSync} = await import('node:fs');
  writeFileSync('README.md', renderReadmeTables(readFileSync('README.md', 'utf8')));
}
