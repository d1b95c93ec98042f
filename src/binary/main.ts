// Entry of the standalone binary: the snapshot-safe Intl.Segmenter first, then a warmed-up yargs, then the CLI.
import './lazy-segmenter.ts';
import './warm-up.ts';
import '../cli.ts';
