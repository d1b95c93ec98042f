// Entry of the standalone binary: lazy Intl.Segmenters first, then a warmed-up yargs and pino, then the CLI.
import {startupSnapshot} from 'node:v8';
import '../startup/lazy-segmenter.ts';
import './warm-up.ts';
import {runCli} from '../main.ts';

// The binary starts from a V8 snapshot taken once every module is loaded (scripts/build-binary.ts).
if (startupSnapshot.isBuildingSnapshot()) {
  startupSnapshot.setDeserializeMainFunction(() => void runCli());
} else {
  void runCli();
}
