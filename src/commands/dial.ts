import type {Argv} from 'yargs';
import type {OptionSpec} from '../config/option-spec.ts';
import {runDial} from '../dial/dial.ts';
import {DEFAULT_DIAL_INTERVAL_MS, DEFAULT_DIAL_TIMEOUT_MS, normalizeDialOptions} from '../dial/options.ts';
import {processSignals} from '../signals/process.ts';
import {addOptions, type Command} from './command.ts';

// The options of `graceful dial`.
export const DIAL_OPTIONS: OptionSpec[] = [
  {name: 'interval', kind: 'duration', default: DEFAULT_DIAL_INTERVAL_MS, describe: 'time between attempts'},
  {
    name: 'timeout',
    kind: 'duration',
    default: DEFAULT_DIAL_TIMEOUT_MS,
    describe: 'connect timeout, and response timeout for URLs',
  },
  {
    name: 'dns-cache',
    kind: 'duration',
    default: 0,
    describe: 'keep a resolved address this long, like a JVM client (0: resolve each time)',
  },
  {
    name: 'drop-cache-on-error',
    kind: 'boolean',
    switch: true,
    defaultText: 'off',
    describe: 'forget the cached address after any failed attempt, like a careful driver',
  },
  {name: 'count', kind: 'count', defaultText: 'no limit', describe: 'stop after this many attempts'},
  {
    name: 'duration',
    kind: 'duration',
    defaultText: 'no limit',
    describe: 'stop after this long (Ctrl-C stops too)',
  },
  {
    name: 'json',
    kind: 'boolean',
    switch: true,
    defaultText: 'off',
    describe: 'print NDJSON: one object per change, then the summary',
  },
];

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
