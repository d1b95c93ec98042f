import {fileURLToPath} from 'node:url';

// Absolute path of a fixture program in test/fixtures.
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

// The argv that runs a fixture with this test's Node.js: `['node', '/…/fixture.mjs', ...args]`.
export const nodeFixture = (name: string, ...args: string[]): string[] => [
  process.execPath,
  fixture(name),
  ...args,
];
