#!/usr/bin/env node
// Entry of the npm package's bundle (dist/graceful.mjs): lazy Intl.Segmenters first, then the CLI.
import './lazy-segmenter.ts';
import '../cli.ts';
