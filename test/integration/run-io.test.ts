import {mkdtempSync, realpathSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {describe, expect, test} from 'vitest';
import {fixture} from '../helpers/fixtures.ts';
import {CLI} from '../helpers/graceful.ts';

describe('pass-through', () => {
  // The quick path reads the usual command line; a flag only yargs accepts (camelCase) takes the yargs CLI.
  test.each([
    ['the quick path', []],
    ['the yargs CLI', ['--stopSignal', 'SIGTERM']],
  ])(
    '%s: argv, environment, working directory and stdio reach the child untouched; graceful logs only on stderr',
    async (_path, flags) => {
      const awkward = [
        '',
        ' ',
        'two words',
        '"quoted"',
        "it's",
        '$HOME',
        '*',
        '--',
        '--drain',
        '-x',
        'ünï©ødé',
        'line\nbreak',
        '\\',
        '0x10',
        '007',
        '1e3',
        '-5',
      ];
      const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'graceful-cwd-')));
      const result = await execa(
        process.execPath,
        [CLI, ...flags, '--', process.execPath, fixture('echo-io.mjs'), ...awkward],
        {
          cwd,
          env: {GRACEFUL_TEST_VALUE: 'from env', GRACEFUL_LOG_FORMAT: 'json'},
          input: 'stdin line 1\nstdin line 2\n',
          reject: false,
        },
      );
      expect(result.exitCode).toBe(0);
      const [first, ...rest] = result.stdout.split('\n');
      expect(JSON.parse(first ?? '')).toEqual({argv: awkward, cwd, value: 'from env'});
      expect(rest).toEqual(['stdin line 1', 'stdin line 2']);
      const stderrLines = result.stderr.split('\n');
      expect(stderrLines).toContain('to stderr');
      // Every other stderr line is one of graceful's JSON log lines.
      for (const line of stderrLines.filter((item) => item !== 'to stderr')) {
        expect(JSON.parse(line)).toMatchObject({name: 'graceful'});
      }
    },
  );
});
