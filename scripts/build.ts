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

if (import.meta.main) {
  await buildCli();
}
