import {readFile} from 'node:fs/promises';
import {builtinModules} from 'node:module';
import {build, build as esbuild, type Plugin} from 'esbuild';

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/*
An ESM bundle keeps `import ... from 'node:http'` as a static import at its top, so every built-in module that any
bundled module names is loaded at start-up, even for a command that never runs that code; and the ESM facade of a
built-in reads all its exports (node:http's lazy WebSocket getter alone loads undici: 15 ms). Turned into
CommonJS-style require() calls, built-ins load only when the module that needs them is first initialized.
*/
const requireBuiltins: Plugin = {
  name: 'require-builtins',
  setup(build) {
    build.onResolve({filter: /^[\w:/]+$/}, ({path, kind}) =>
      BUILTINS.has(path) && kind !== 'require-call' ? {path, namespace: 'builtin'} : undefined,
    );
    build.onLoad({filter: /.*/, namespace: 'builtin'}, ({path}) => ({
      contents: `module.exports = require(${JSON.stringify(path.startsWith('node:') ? path : `node:${path}`)});`,
      loader: 'js',
    }));
  },
};

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

// Packages that only some commands load (plan's manifests, pretty logs on a terminal), a third of the bundle.
const COLD_PACKAGES = ['yaml', 'pino-pretty'];

/*
V8 parses every function of a script when it compiles it, used or not: each 100 kB of bundle costs about 2.5 ms
of every start. The cold packages are therefore bundled on their own and embedded as strings, compiled by
vm.compileFunction when a command first loads them.
*/
const embedColdPackages: Plugin = {
  name: 'embed-cold-packages',
  setup(build) {
    const filter = new RegExp(`^(${COLD_PACKAGES.join('|')})$`);
    build.onResolve({filter}, ({path, resolveDir}) => ({path, namespace: 'cold', pluginData: resolveDir}));
    build.onLoad({filter: /.*/, namespace: 'cold'}, async ({path, pluginData}) => {
      const {outputFiles} = await esbuild({
        stdin: {contents: `module.exports = require(${JSON.stringify(path)});`, resolveDir: pluginData},
        bundle: true,
        write: false,
        platform: 'node',
        format: 'cjs',
        target: 'node22',
        legalComments: 'none',
        plugins: [lazyRgiEmoji],
        logLevel: 'warning',
      });
      const code = JSON.stringify(outputFiles[0]?.text ?? '');
      return {
        contents: `const cold = {exports: {}};
require('node:vm').compileFunction(${code}, ['exports', 'require', 'module'], {filename: ${JSON.stringify(`graceful.mjs/${path}`)}})(cold.exports, require, cold);
module.exports = cold.exports;`,
        loader: 'js',
      };
    });
  },
};

// Bundles the CLI into one file that any Node.js >= 22 runs.
export const buildCli = async (): Promise<void> => {
  await build({
    entryPoints: ['src/startup/npm.ts'],
    outfile: 'dist/graceful.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    legalComments: 'none',
    plugins: [requireBuiltins, lazyRgiEmoji, embedColdPackages],
    // Bundled CommonJS (pino) and the built-ins above call require(); give the ESM bundle one.
    banner: {
      js: "import {createRequire as __createRequire} from 'node:module';const require=__createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
};

// Bundles the CLI as the one CommonJS script that a Node.js 24 single executable application runs.
export const buildBinaryBundle = async (outfile: string): Promise<void> => {
  await build({
    entryPoints: ['src/binary/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    legalComments: 'none',
    // yargs-parser calls createRequire(import.meta.url); in the binary, __filename is the executable.
    define: {'import.meta.url': '__importMetaUrl'},
    banner: {js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;"},
    logLevel: 'warning',
  });
};

if (import.meta.main) {
  await buildCli();
}
