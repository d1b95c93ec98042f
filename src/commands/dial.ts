import type {Argv} from 'yargs';
import {runDial} from '../dial/dial.ts';
import {normalizeDialOptions} from '../dial/options.ts';
import {processSignals} from '../signals/process.ts';
import {type Command, withEnv} from './command.ts';

// `graceful dial <target>`: the seed experiment's dialer, one attempt per interval, a line per change.
export const dialCommand: Command = {
  command: 'dial <target>',
  describe: 'Dial host:port or GET a URL every --interval and print each change of state, then a summary',
  builder: (yargs: Argv) =>
    yargs
      .positional('target', {
        type: 'string',
        describe: 'host:port, [ipv6]:port, or an http(s):// URL that must answer 2xx',
      })
      .option('interval', {
        type: 'string',
        describe: withEnv('time between attempts (default 100ms)', 'interval'),
      })
      .option('timeout', {
        type: 'string',
        describe: withEnv('connect timeout, and response timeout for URLs (default 100ms)', 'timeout'),
      })
      .option('dns-cache', {
        type: 'string',
        describe: withEnv(
          'keep a resolved address this long, like a JVM client (default 0: resolve each time)',
          'dns-cache',
        ),
      })
      .option('drop-cache-on-error', {
        type: 'boolean',
        describe: withEnv(
          'forget the cached address after any failed attempt, like a careful driver',
          'drop-cache-on-error',
        ),
      })
      .option('count', {type: 'string', describe: withEnv('stop after this many attempts', 'count')})
      .option('duration', {
        type: 'string',
        describe: withEnv('stop after this long (Ctrl-C stops too)', 'duration'),
      })
      .option('json', {
        type: 'boolean',
        describe: withEnv('print NDJSON: one object per change, then the summary', 'json'),
      })
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
