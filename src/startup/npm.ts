#!/usr/bin/env node
// Entry of the npm package's bundle (dist/graceful.cjs): lazy Intl.Segmenters first, then the CLI.
import './lazy-segmenter.ts';
import {runCli} from '../main.ts';

void runCli();
