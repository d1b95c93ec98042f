import type {Argv} from 'yargs';
import {withEnv} from './command.ts';

// --health-port, --health-host and --ready-tcp, for the wrapper and the sidecar.
export const addHealthOptions = (yargs: Argv, portDefault: string): Argv =>
  yargs
    .option('health-port', {
      type: 'string',
      describe: withEnv(`serve /livez and /readyz on this port (default ${portDefault})`, 'health-port'),
    })
    .option('health-host', {
      type: 'string',
      describe: withEnv(
        'address the health endpoints listen on (default: all, for the kubelet)',
        'health-host',
      ),
    })
    .option('ready-tcp', {
      type: 'string',
      describe: withEnv('PORT or HOST:PORT: /readyz is 200 only while it accepts connections', 'ready-tcp'),
    });

// --drain-min and --quiet: end the drain once clients have stopped arriving.
export const addQuietOptions = (yargs: Argv): Argv =>
  yargs
    .option('drain-min', {
      type: 'string',
      describe: withEnv('with --quiet: drain at least this long (default 0)', 'drain-min'),
    })
    .option('quiet', {
      type: 'string',
      describe: withEnv(
        'end the drain early once no new connection reached the served ports for this long (--drain stays the maximum)',
        'quiet',
      ),
    });
