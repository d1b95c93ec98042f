import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {OPTIONS_TABLES, renderReadmeTables} from '../../scripts/options-tables.ts';
import {runGraceful} from '../helpers/graceful.ts';

// Commands besides the wrapper whose options the table may list as well.
const OTHER_COMMANDS = ['sidecar', 'dial', 'plan'];
// Flags that every command has and that no GRACEFUL_* variable sets.
const BUILT_IN_FLAGS = new Set(['--help', '--version']);

// Each option in `--help` output, with the GRACEFUL_* variable its description names.
const parseHelpOptions = (help: string): Map<string, string | undefined> => {
  const options = new Map<string, string | undefined>();
  const section = help.split(/^Options:$/m)[1]?.split(/^Examples:$/m)[0] ?? '';
  // An option starts a line ("  -h, --help  Show help" or "      --drain  after..."), its flag followed by the
  // description column; the description may wrap onto more lines.
  for (const block of section.split(/\n(?=\s+(?:-\w, )?--[\w-]+\s{2,})/)) {
    const flag = /^\s*(?:-\w, )?(--[\w-]+)/.exec(block)?.[1];
    if (flag !== undefined && !BUILT_IN_FLAGS.has(flag)) {
      options.set(flag, /GRACEFUL_\w+/.exec(block.replaceAll(/\s+/g, ''))?.[0]);
    }
  }

  return options;
};

// The table rows under the README's "## Options" heading.
const readOptionsTable = (): string[] => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.split(/^## Options$/m)[1]?.split(/^## /m)[0] ?? '';
  return section.split('\n').filter((line) => /^\|.*--[\w-]+/.test(line));
};

describe("README's options table", () => {
  test("each options table is the one rendered from its command's option spec", () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(Object.keys(OPTIONS_TABLES).length).toBe(6);
    for (const [heading, table] of Object.entries(OPTIONS_TABLES)) {
      const section = readme.split(`\n${heading}\n`)[1]?.split(/^## /m)[0] ?? '';
      expect(section, `the table under ${heading}`).toContain(table);
    }

    expect(renderReadmeTables(readme)).toBe(readme);
  });

  test('has a row for every option of `graceful --help`, with its GRACEFUL_* variable, and none for unknown options', async () => {
    const {stdout, exitCode} = await runGraceful(['--help']);
    expect(exitCode).toBe(0);
    const help = parseHelpOptions(stdout);
    expect(help.size).toBeGreaterThan(5);

    const rows = readOptionsTable();
    const rowFor = (flag: string): string | undefined =>
      rows.find((row) => new RegExp(`\`${flag}(?![\\w-])`).test(row));
    for (const [flag, variable] of help) {
      const row = rowFor(flag);
      expect(row, `README "## Options" has a row for ${flag}`).toBeDefined();
      expect(variable, `--help names the variable of ${flag}`).toBeDefined();
      expect(row, `the row of ${flag} names ${variable}`).toContain(variable);
    }

    // The other commands' options may have rows too, but no row may name an option or variable nobody has.
    const known = new Map(help);
    for (const command of OTHER_COMMANDS) {
      const other = await runGraceful([command, '--help']);
      expect(other.exitCode, `graceful ${command} --help`).toBe(0);
      for (const [flag, variable] of parseHelpOptions(other.stdout)) {
        known.set(flag, variable);
      }
    }

    const rowFlags = rows.flatMap((row) => [...row.matchAll(/`(--[\w-]+)/g)].map((match) => match[1]));
    const rowVariables = rows.flatMap((row) => [...row.matchAll(/GRACEFUL_\w+/g)].map((match) => match[0]));
    expect(
      rowFlags.filter((flag) => flag !== undefined && !known.has(flag) && !BUILT_IN_FLAGS.has(flag)),
      'rows for options that no `graceful --help` has',
    ).toEqual([]);
    expect(
      rowVariables.filter((name) => ![...known.values()].includes(name)),
      'GRACEFUL_* variables that no `graceful --help` names',
    ).toEqual([]);
  });
});
