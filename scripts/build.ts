import {rm} from 'node:fs/promises';
import {resolve} from 'node:path';
import {type BuildOptions, build} from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = resolve(ROOT, 'dist');
// The npm package's entry: the wrapper's start-up code; the rest sits in dist/chunks/, loaded on first use.
export const CLI_BUNDLE = resolve(DIST, 'graceful.mjs');
// The standalone binary's script: one CommonJS file, since a SEA's main script cannot import() (scripts/build-binary.ts).
export const BINARY_BUNDLE = resolve(DIST, '.binary/graceful.cjs');

const COMMON: BuildOptions = {
  entryPoints: [resolve(ROOT, 'src/startup/entry.ts')],
  bundle: true,
  platform: 'node',
  target: 'node22',
  legalComments: 'none',
  logLevel: 'warning',
};

/*
The npm package: esbuild's code splitting. Each lazy import() (the full CLI with yargs, pino, pino-pretty, the
health server) becomes a chunk that Node.js loads when the code first needs it, and modules that two chunks use
live once, in a chunk of their own.
*/
export const buildCli = async (): Promise<void> => {
  await rm(resolve(DIST, 'chunks'), {recursive: true, force: true});
  await build({
    ...COMMON,
    entryNames: 'graceful',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: {'.js': '.mjs'},
    outdir: DIST,
    format: 'esm',
    splitting: true,
    // pino and pino-pretty are CommonJS and require() Node.js' own modules; an ES module has no require of its own.
    // https://esbuild.github.io/api/#format-esm (esbuild#1921)
    // (Not an import of node:module, which as an ES module import costs each start 1 ms, as node:fs does 3 ms.)
    banner: {js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);"},
  });
};

// The standalone binary's script: the same code as one CommonJS file; esbuild turns each import() into a require().
export const buildBinaryBundle = async (): Promise<void> => {
  await build({
    ...COMMON,
    outfile: BINARY_BUNDLE,
    format: 'cjs',
    // yargs creates a require from import.meta.url, which CommonJS has not: it gets the script's own URL.
    define: {'import.meta.url': 'importMetaUrl'},
    banner: {js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;"},
  });
};

if (import.meta.main) {
  await buildCli();
}
