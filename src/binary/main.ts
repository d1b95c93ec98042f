// Entry of the standalone binary: the snapshot-safe Intl.Segmenter first, then the CLI.
import './lazy-segmenter.ts';
import '../cli.ts';
