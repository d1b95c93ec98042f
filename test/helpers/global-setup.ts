import {buildCli} from '../../scripts/build.ts';

// Integration tests run the built CLI, so build it once before any test file runs.
export default async function setup(): Promise<void> {
  await buildCli();
}
