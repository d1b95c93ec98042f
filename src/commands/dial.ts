import type {Argv} from 'yargs';
import {runDial} from '../dial/dial.ts';
import {DIAL_OPTIONS, normalizeDialOptions} from '../dial/options.ts';
import {processSignals} from '../signals/process.ts';
import {addOptions, type Command} from './command.ts';

// `graceful dial <target>`: the seed experiment's dialer, one attempt per interval, a line per change.
export const dialCommand: Command = {
  command: 'dial [target]',
  keepsSignals: true,
  describe: 'Dial host:port or GET a URL every --interval and print each change of state, then a summary',
  builder: (yargs: Argv) =>
    addOptions(
      yargs.positional('target', {
        type: 'string',
        describe: 'host:port, [ipv6]:port, or an http(s):// URL that must answer 2xx (required)',
      }),
      DIAL_OPTIONS,
    )
      .example('graceful dial mongos.db.svc.cluster.local:27017', 'watch a headless Service during a rollout')
      .example(
        'graceful dial --dns-cache 30s --duration 2m http://web/healthz',
        'a JVM-like client, URL mode',
      ),
  handler: async (argv) => {
    const options = normalizeDialOptions(argv);
    const controller = new AbortController();
    // Ctrl-C or SIGTERM ends the dial with its summary; other signals change nothing.
    const detachSignals = processSignals.attach((signal) => {
      if (signal === 'SIGINT' || signal === 'SIGTERM') controller.abort();
    });
    try {
      const summary = await runDial(options, {
        signal: controller.signal,
        writeLine: (line) => process.stdout.write(`${line}\n`),
      });
      return summary.ok ? 0 : 1;
    } finally {
      detachSignals();
    }
  },
};
