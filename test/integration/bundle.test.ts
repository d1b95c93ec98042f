import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {COLD_START} from '../../src/startup/cold.ts';
import {fixture} from '../helpers/fixtures.ts';
import {CLI, runGraceful} from '../helpers/graceful.ts';

const bundle = readFileSync(CLI, 'utf8');
const hot = bundle.slice(0, bundle.lastIndexOf(COLD_START));

// The cold modules that one run of the bundle compiled, in order.
const coldLoads = async (args: string[], env: Record<string, string> = {}) => {
  const result = await runGraceful(args, {
    env: {NODE_OPTIONS: `--require ${fixture('report-cold-loads.cjs')}`, ...env},
  });
  return result.stderr
    .split('\n')
    .filter((line) => line.startsWith('cold module: '))
    .map((line) => line.slice('cold module: '.length));
};

describe('the npm bundle', () => {
  test('its start-up code holds none of yargs, pino, yaml or execa: they come after it, as cold modules', () => {
    expect(bundle.lastIndexOf(COLD_START)).toBeGreaterThan(0);
    for (const name of ['yargs', 'yargs-parser', 'pino', 'pino-pretty', 'yaml', 'execa']) {
      expect(hot).not.toContain(`// node_modules/${name}/`);
    }
  });

  test.each<[string, string[], Record<string, string>, string[]]>([
    [
      'a quiet run of the wrapper',
      ['--drain', '0', '--refuse', '0', '--', 'true'],
      {GRACEFUL_LOG_LEVEL: 'warn'},
      [],
    ],
    ['a run that logs', ['--drain', '0', '--refuse', '0', '--', 'true'], {}, ['pino']],
    ['--help', ['--help'], {}, ['src/cli.ts', 'yargs']],
    ['a usage error', ['--drainn', '1s', '--', 'true'], {}, ['src/cli.ts', 'yargs']],
    ['graceful plan', ['plan', '--dns-ttl', '30s'], {}, ['src/cli.ts', 'yargs', 'yaml']],
  ])('%s compiles only the cold modules it needs', async (_name, args, env, expected) => {
    expect(await coldLoads(args, env)).toEqual(expected);
  });
});
