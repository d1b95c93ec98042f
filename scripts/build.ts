import {mkdir, readFile, writeFile} from 'node:fs/promises';
import {dirname, relative, resolve} from 'node:path';
import {type BuildOptions, build, type Plugin} from 'esbuild';
import {COLD_END, COLD_START, formatColdModule} from '../src/startup/cold.ts';

const ROOT = resolve(import.meta.dirname, '..');
// The npm package's one file: CommonJS, which Node.js loads about 4 ms faster than an ES module.
export const CLI_BUNDLE = resolve(ROOT, 'dist/graceful.cjs');
const COLD_LOADER = resolve(ROOT, 'src/startup/cold.ts');

const RGI_EMOJI = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';

/*
string-width 8 (yargs' help layout) compiles /^\p{RGI_Emoji}$/v when it loads: 20 ms of every start, for a regex
that only --help uses. Compile it on first use instead; if string-width changes that line, the build warns and
keeps the eager regex.
*/
const lazyRgiEmoji: Plugin = {
  name: 'lazy-rgi-emoji',
  setup(build) {
    build.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path}) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes(RGI_EMOJI)) {
        // Older string-width versions (cliui's, wrap-ansi's) use emoji-regex, which is lazy already.
        const warnings = source.includes('rgiEmojiRegex')
          ? [{text: `${path} changed ${RGI_EMOJI}: it stays eager`}]
          : [];
        return {contents: source, warnings};
      }

      const lazy =
        'let rgiEmoji; const rgiEmojiRegex = {test: (text) => (rgiEmoji ??= /^\\p{RGI_Emoji}$/v).test(text)};';
      return {contents: source.replace(RGI_EMOJI, lazy)};
    });
  },
};

/*
What the wrapper's start-up does not need, carried in the bundle's trailing comment and run on first use
(src/startup/cold.ts): yargs and the full CLI (--help, usage errors, the other commands), pino (loaded once the
child runs), plan's YAML, pretty logs on a terminal and prom-client (the first /metrics scrape). Nine tenths of
the bundle.
*/
const COLD = ['yargs', 'pino', 'pino-pretty', 'yaml', 'prom-client', 'src/cli.ts'];

const COMMON: BuildOptions = {
  bundle: true,
  write: false,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  legalComments: 'none',
  logLevel: 'warning',
};

/*
Turns each import of a cold module into a call that loads it: from the bundle's file in the hot code, through the
loader the cold module was given inside another cold module. `found` maps each cold module to its entry file.
*/
const RESOLVING = Symbol('resolving a cold module');
const coldModules = (insideCold: boolean, found: Map<string, string>): Plugin => ({
  name: 'cold-modules',
  setup(build) {
    build.onResolve({filter: /^[\w@.]/}, async ({path, resolveDir, kind, pluginData}) => {
      if (pluginData === RESOLVING) return undefined;
      const name = path.startsWith('.') ? relative(ROOT, resolve(resolveDir, path)) : path;
      if (!COLD.includes(name)) return undefined;
      const entry = await build.resolve(path, {resolveDir, kind, pluginData: RESOLVING});
      if (entry.errors.length > 0) return {errors: entry.errors};
      found.set(name, entry.path);
      return {path: name, namespace: 'cold'};
    });
    build.onLoad({filter: /.*/, namespace: 'cold'}, ({path}) => ({
      contents: insideCold
        ? `module.exports = __cold(${JSON.stringify(path)});`
        : `module.exports = require(${JSON.stringify(COLD_LOADER)}).loadColdModule(__filename, ${JSON.stringify(path)});`,
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
});

// One cold module as CommonJS, its own cold imports left to the loader.
const buildColdModule = async (entry: string, found: Map<string, string>): Promise<string> => {
  const {outputFiles} = await build({
    ...COMMON,
    // An ES module's export named 'module.exports' (yargs' factory) is what require() returns, as in Node.js.
    stdin: {
      contents: `const m = require(${JSON.stringify(entry)}); module.exports = m['module.exports'] ?? m;`,
      resolveDir: ROOT,
    },
    // yargs calls createRequire(import.meta.url): the loader passes the bundle's URL.
    define: {'import.meta.url': '__importMetaUrl'},
    plugins: [coldModules(true, found), lazyRgiEmoji],
  });
  return outputFiles?.[0]?.text ?? '';
};

// Bundles the CLI into one file that any Node.js >= 22 runs: the wrapper's code, then the cold modules.
export const buildCli = async (): Promise<void> => {
  const found = new Map<string, string>();
  const {outputFiles} = await build({
    ...COMMON,
    entryPoints: ['src/startup/npm.ts'],
    outfile: CLI_BUNDLE,
    plugins: [coldModules(false, found)],
  });
  const cold = new Map<string, string>();
  for (let next = [...found]; next.length > 0; next = [...found].filter(([name]) => !cold.has(name))) {
    for (const [name, entry] of next) {
      cold.set(name, await buildColdModule(entry, found));
    }
  }

  const lines = [...cold].map(([name, code]) => formatColdModule(name, code));
  await mkdir(dirname(CLI_BUNDLE), {recursive: true});
  await writeFile(CLI_BUNDLE, `${outputFiles?.[0]?.text ?? ''}${COLD_START}${lines.join('\n')}${COLD_END}`, {
    mode: 0o755,
  });
};

if (import.meta.main) {
  await buildCli();
}
