import type {Argv} from 'yargs';
import {healthFlags, LOG_FLAGS, QUIET_FLAGS} from '../config/flags.ts';
import {addFlags} from './command.ts';

// --health-port, --health-host and --ready-tcp, for the wrapper and the sidecar.
export const addHealthOptions = (yargs: Argv, portDefault: string): Argv =>
  addFlags(yargs, healthFlags(portDefault));

// --drain-min and --quiet: end the drain once clients have stopped arriving.
export const addQuietOptions = (yargs: Argv): Argv => addFlags(yargs, QUIET_FLAGS);

// Logging options shared by every long-running command.
export const addLogOptions = (yargs: Argv): Argv => addFlags(yargs, LOG_FLAGS);
