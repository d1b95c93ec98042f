#!/usr/bin/env node
// Entry of the npm package's bundle (dist/graceful.cjs). The first two imports run before anything else:
// signals are caught from graceful's first instruction, and inherited descriptors are read before any is opened.
import '../signals/process.ts';
import './inherited-fds.ts';
import './lazy-segmenter.ts';
import {runCli} from '../main.ts';

void runCli();
