// One option of a command, as data: the yargs builder (--help) and the quick run path read the same table.
export interface Flag {
  name: string;
  describe: string;
  // Repeatable: every value is kept, in order.
  array?: true;
  default?: string;
}

// --health-port, --health-host and --ready-tcp, for the wrapper and the sidecar.
export const healthFlags = (portDefault: string): Flag[] => [
  {name: 'health-port', describe: `serve /livez and /readyz on this port (default ${portDefault})`},
  {name: 'health-host', describe: 'address the health endpoints listen on (default: all, for the kubelet)'},
  {name: 'ready-tcp', describe: 'PORT or HOST:PORT: /readyz is 200 only while it accepts connections'},
];

// --drain-min and --quiet: end the drain once clients have stopped arriving.
export const QUIET_FLAGS: Flag[] = [
  {name: 'drain-min', describe: 'with --quiet: drain at least this long (default 0)'},
  {
    name: 'quiet',
    describe:
      'end the drain early once no new connection reached the served ports for this long (--drain stays the maximum)',
  },
];

// Logging options shared by every long-running command.
export const LOG_FLAGS: Flag[] = [
  {name: 'log-level', describe: 'trace, debug, info, warn, error, fatal or silent', default: 'info'},
  {name: 'log-format', describe: 'json or pretty (default: pretty when stderr is a terminal, else json)'},
];

// `graceful [options] -- <command> [args...]`, in the order --help lists them.
export const RUN_FLAGS: Flag[] = [
  {name: 'drain', describe: 'after a shutdown signal, keep the child serving this long (default 10s)'},
  {
    name: 'stop-signal',
    describe: 'signal that asks the child to stop (default: the shutdown signal received)',
  },
  {name: 'stop-timeout', describe: 'then SIGKILL the child process group after this long (default 10s)'},
  {name: 'refuse', describe: 'after the child exited, stay alive this long so its ports refuse (default 5s)'},
  {
    name: 'grace-period',
    describe: "the pod's terminationGracePeriodSeconds; refuse to start if the windows exceed it",
  },
  {
    name: 'shutdown-signals',
    describe: 'signals that start the shutdown, comma-separated (default SIGTERM,SIGINT)',
  },
  {
    name: 'rewrite',
    array: true,
    describe: 'FROM:TO, repeatable: rewrite a forwarded signal, e.g. SIGHUP:SIGUSR1',
  },
  {
    name: 'signal-group',
    describe: "send forwarded and stop signals to the child's process group (default off)",
  },
  {
    name: 'init',
    describe:
      'as PID 1: none (default) writes and runs nothing, orphans stay zombies; embedded runs the tini the standalone binary carries',
  },
  ...healthFlags('off'),
  {
    name: 'drain-readiness',
    describe:
      'unready: /readyz is 503 from the drain start; ready: 200 until the drain ends (default unready)',
  },
  ...QUIET_FLAGS,
  ...LOG_FLAGS,
];

// The GRACEFUL_* variable that also sets an option.
export const flagVariable = (name: string): string => `GRACEFUL_${name.toUpperCase().replaceAll('-', '_')}`;
