#!/usr/bin/env node
// Entry of the npm package (dist/graceful.mjs) and of the standalone binary. The first two imports run before
// anything else: signals are caught from graceful's first instruction, and inherited descriptors are read before
// any is opened.
import '../signals/process.ts';
import './inherited-fds.ts';
import {runCli} from '../main.ts';

void runCli();
