import {build} from 'esbuild';

// Bundles the CLI into one file that any Node.js >= 22 runs.
export const buildCli = async (): Promise<void> => {
  await build({
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/graceful.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    legalComments: 'none',
    // Bundled CommonJS (pino) still calls require(); give the ESM bundle one.
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
