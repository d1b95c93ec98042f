import {createSignalSource} from './source.ts';

/*
graceful's process-wide signal source. Its module is the first the entry imports, so from graceful's first
instruction no signal takes its default action: a SIGTERM during start-up is not lost and cannot end graceful
after the child started (tini blocks signals before it forks for the same reason). Only Node.js' own start-up,
before any JavaScript runs, is uncovered; the README says so under "Limitations".
*/
export const processSignals = createSignalSource(process, (signal) => process.kill(process.pid, signal));
