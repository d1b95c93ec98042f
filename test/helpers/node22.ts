import {accessSync, constants} from 'node:fs';
import {fileURLToPath} from 'node:url';

// Node.js 22 from the registry, installed by scripts/setup.sh from test/node22/package-lock.json.
export const NODE22 = fileURLToPath(new URL('../node22/node_modules/.bin/node', import.meta.url));

// True when Node.js 22 is missing and its tests must be skipped; in CI that is an error, never a skip.
export const missingNode22 = (): boolean => {
  try {
    accessSync(NODE22, constants.X_OK);
    return false;
  } catch {
    const reason = `missing prerequisite: Node.js 22 at ${NODE22} (run sh scripts/setup.sh)`;
    if (process.env.CI === 'true') {
      throw new Error(`CI must run every test, but ${reason}`);
    }

    console.warn(`\n!!! SKIPPING: ${reason}\n`);
    return true;
  }
};
