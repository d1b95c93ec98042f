import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {fixture} from '../helpers/fixtures.ts';
import {CLI, runGraceful} from '../helpers/graceful.ts';

const DIST = dirname(CLI);

// The files of dist/ that one run of the npm package loaded, as Node.js' own module loader reports them.
const loadedFiles = async (args: string[], env: Record<string, string> = {}) => {
  const result = await runGraceful(args, {
    env: {NODE_OPTIONS: `--import ${fixture('report-loaded-files.mjs')}`, ...env},
  });
  const line = result.stderr.split('\n').find((text) => text.startsWith('loaded files: '));
  if (line === undefined) throw new Error(`no report of loaded files in:\n${result.stderr}`);
  return line.slice('loaded files: '.length).split(' ');
};

// esbuild names the chunk of each lazy import() after its module (cli, pino, pino-pretty, hooks), shared ones `chunk`.
const lazyChunks = (files: string[]): string[] =>
  files
    .map((file) => /^chunks\/(.+)-[A-Z0-9]{8}\.mjs$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'chunk');

// Text that only each library's code holds (messages and names it uses at run time, not comments).
const LIBRARY_CODE = {
  yargs: 'Not enough non-option arguments',
  yaml: 'YAMLParseError',
  pino: 'default level:',
};

describe('the npm package', () => {
  test.each<[string, string[], Record<string, string>, string[]]>([
    [
      'a quiet run of the wrapper',
      ['--drain', '0', '--refuse', '0', '--', 'true'],
      {GRACEFUL_LOG_LEVEL: 'warn'},
      // The shutdown report's observer loads once the child runs, after its exec.
      ['observer'],
    ],
    ['a run that logs', ['--drain', '0', '--refuse', '0', '--', 'true'], {}, ['pino', 'observer']],
    [
      'a run that logs on a pretty format',
      ['--drain', '0', '--refuse', '0', '--', 'true'],
      {GRACEFUL_LOG_FORMAT: 'pretty'},
      ['pino', 'observer', 'pino-pretty'],
    ],
    ['--help', ['--help'], {}, ['cli']],
    ['a usage error', ['--drainn', '1s', '--', 'true'], {}, ['cli']],
    ['graceful plan', ['plan', '--dns-ttl', '30s'], {}, ['cli']],
  ])('%s loads only the chunks it needs', async (_name, args, env, expected) => {
    const files = await loadedFiles(args, env);
    expect(files[0]).toBe('graceful.mjs');
    expect(lazyChunks(files)).toEqual(expected);
  });

  test("the wrapper's start-up loads none of yargs, yaml or pino; the chunks that need them hold them", async () => {
    const started = await loadedFiles(['--drain', '0', '--refuse', '0', '--', 'true'], {
      GRACEFUL_LOG_LEVEL: 'warn',
    });
    const startUpCode = started.map((file) => readFileSync(join(DIST, file), 'utf8')).join('\n');
    const all = await loadedFiles(['plan', '--dns-ttl', '30s']);
    const logged = await loadedFiles(['--drain', '0', '--refuse', '0', '--', 'true']);
    const laterCode = [...all, ...logged].map((file) => readFileSync(join(DIST, file), 'utf8')).join('\n');
    for (const text of Object.values(LIBRARY_CODE)) {
      expect(startUpCode).not.toContain(text);
      expect(laterCode).toContain(text);
    }
  });

  test('every shipped file is plain JavaScript: no compiled, encoded or compressed code, no patched globals', () => {
    const files = ['graceful.mjs', ...readdirSync(join(DIST, 'chunks')).map((name) => `chunks/${name}`)];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const code = readFileSync(join(DIST, file), 'utf8');
      expect(code, file).not.toMatch(/node:vm|compileFunction|brotli|Object\.defineProperty\(Intl\b/);
      // No long run of base64 (the longest line of ordinary code here is a few hundred characters).
      expect(code, file).not.toMatch(/[A-Za-z0-9+/]{400,}/);
    }
  });

  test('no command prints a Node.js warning', async () => {
    for (const args of [
      ['--help'],
      ['--version'],
      ['plan', '--dns-ttl', '30s'],
      ['plan', '--check', 'examples/nginx/k8s.yaml'],
      ['inject', 'test/fixtures/manifests/deployment.yaml'],
      ['dial', '127.0.0.1:1', '--count', '1'],
      ['sidecar', '--help'],
      ['--drain', '0', '--refuse', '0', '--', 'true'],
      ['--drainn', '1s', '--', 'true'],
    ]) {
      const {stderr} = await runGraceful(args);
      expect(stderr, args.join(' ')).not.toMatch(/Warning|\(node:\d+\)/);
    }
  });
});
