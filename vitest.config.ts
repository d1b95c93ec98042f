import {defineConfig} from 'vitest/config';

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
