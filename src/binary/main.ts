// Entry of the standalone binary: lazy Intl.Segmenters first, then a warmed-up yargs, then the CLI.
import '../startup/lazy-segmenter.ts';
import './warm-up.ts';
import '../cli.ts';
