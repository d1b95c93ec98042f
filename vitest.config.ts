import {defineConfig} from 'vitest/config';

// The system Node.js may be older than the project's; npm scripts put node_modules/.bin (Node 24) first.
if (Number(process.versions.node.split('.')[0]) < 22) {
  throw new Error(
    `vitest runs on Node.js ${process.version}: run it through npm (npm test, npm exec vitest) or with PATH=node_modules/.bin:$PATH`,
  );
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: integration tests run real servers, so keep file parallelism modest.
    maxWorkers: 2,
    reporters: ['default', ['json', {outputFile: 'node_modules/.vitest/report.json'}]],
  },
});
