import {afterEach, describe, expect, test, vi} from 'vitest';
import {runCommandLine} from '../../../src/cli.ts';
import {runCommand} from '../../../src/commands/run.ts';
import {quickParse} from '../../../src/config/quick-parse.ts';
import {normalizeHealthOptions} from '../../../src/health/options.ts';
import {normalizeLogLevel} from '../../../src/log/options.ts';
import {normalizeRunOptions, RUN_OPTIONS} from '../../../src/supervisor/options.ts';

type Env = Record<string, string>;

// What the wrapper would run with: the options and command both paths hand to runWrapper, normalized.
const resolved = (
  input: Record<string, unknown>,
  command: string[],
  ignoredVariables: string[],
  serviceLinks: string[],
) => {
  const options = normalizeRunOptions(input, command);
  return {
    options,
    health: normalizeHealthOptions(input, options.drainMs),
    logLevel: normalizeLogLevel(input.logLevel),
    logFormat: input.logFormat,
    ignoredVariables: [...ignoredVariables].sort(),
    serviceLinks: [...serviceLinks].sort(),
  };
};

// The full yargs CLI's reading of the same command line, stopped where the wrapper would start.
const readWithYargs = async (argv: string[], env: Env) => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  let result: ReturnType<typeof resolved> | undefined;
  await runCommandLine(argv, [
    {
      ...runCommand,
      handler: async (parsed, {ignoredVariables, serviceLinks}) => {
        result = resolved(parsed, (parsed['--'] as string[]) ?? [], ignoredVariables, serviceLinks);
        return 0;
      },
    },
  ]);
  return result;
};

const readQuickly = (argv: string[], env: Env) => {
  const quick = quickParse(argv, env, RUN_OPTIONS);
  return quick.type === 'run'
    ? resolved(quick.input, quick.command, quick.ignoredVariables, quick.serviceLinks)
    : quick;
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('quickParse reads the wrapper command line as the yargs CLI does', () => {
  test.each<[string[], Env]>([
    [['--', 'nginx', '-g', 'daemon off;'], {}],
    [['--drain', '5s', '--refuse=2s', '--', 'mongos', '--port', '27017'], {}],
    [['--stop-signal', 'QUIT', '--stop-timeout', '3', '--', 'x', '--drain', '1s', '--'], {}],
    [['--rewrite', 'SIGHUP:SIGUSR1', '--rewrite=SIGUSR2:SIGWINCH', '--', 'x'], {}],
    [['--rewrite', 'SIGHUP:SIGUSR1,SIGUSR2:SIGWINCH', '--', 'x'], {}],
    [['--shutdown-signals', 'SIGTERM,SIGQUIT', '--grace-period', '40', '--', 'x'], {}],
    [['--signal-group', 'true', '--drain', '5', '--', 'x'], {}],
    [['--signal-group=', '--', 'x'], {}],
    [['--health-port', '8081', '--ready-tcp', '80', '--quiet', '2s', '--drain-min', '1s', '--', 'x'], {}],
    [['--log-level', 'debug', '--log-format', 'json', '--', 'x'], {}],
    [['--', 'x'], {GRACEFUL_DRAIN: '7s', GRACEFUL_SIGNAL_GROUP: 'yes', GRACEFUL_LOG_LEVEL: 'warn'}],
    [['--drain', '3s', '--', 'x'], {GRACEFUL_DRAIN: '7s', GRACEFUL_REFUSE: '1s'}],
    [['--', 'x'], {GRACEFUL_REWRITE: 'SIGHUP:SIGUSR1', GRACEFUL_SHUTDOWN_SIGNALS: 'SIGINT'}],
    [['--rewrite', 'SIGUSR2:SIGHUP', '--', 'x'], {GRACEFUL_REWRITE: 'SIGHUP:SIGUSR1'}],
    [['--', 'x'], {GRACEFUL_SERVICE_HOST: '10.0.0.1', GRACEFUL_PORT_80_TCP: 'tcp://10.0.0.1:80'}],
    [['--', 'x'], {OTHER: '1', GRACEFUL_QUIET: '3s', GRACEFUL_HEALTH_PORT: '8090'}],
    [
      ['--', 'x'],
      {GRACEFUL_HEALTH_PORT: 'tcp://10.96.0.12:8090', GRACEFUL_HEALTH_SERVICE_HOST: '10.96.0.12'},
    ],
    [['--health-port', '8081', '--', 'x'], {GRACEFUL_HEALTH_PORT: 'tcp://10.96.0.12:8090'}],
    [['--', 'x'], {GRACEFUL_DRAIN: 'tcp://10.96.0.1:80', GRACEFUL_REFUSE: '1s'}],
  ])('%j with %j', async (argv, env) => {
    const quick = readQuickly(argv, env);
    expect(quick).not.toEqual({type: 'full'});
    expect(quick).toEqual(await readWithYargs(argv, env));
  });
});

describe('quickParse hands the rest to the yargs CLI', () => {
  test.each<[string[], Env]>([
    [['--help'], {}],
    [['--version'], {}],
    [['-h', '--', 'x'], {}],
    [['--version', '--', 'x'], {}],
    [['dial', 'localhost:80'], {}],
    [['sidecar', '--drain', '5s'], {}],
    [['--drain', '5s'], {}],
    [[], {}],
    [['nginx', '--', 'x'], {}],
    [['--drainn', '5s', '--', 'x'], {}],
    [['--stopSignal', 'QUIT', '--', 'x'], {}],
    [['--no-signal-group', '--', 'x'], {}],
    [['--signal-group', '--', 'x'], {}],
    [['--drain', '--', 'x'], {}],
    [['--drain', '1s', '--drain', '2s', '--', 'x'], {}],
    [['--drain', "'5s'", '--', 'x'], {}],
    [['--', 'x'], {GRACEFUL_DRAIN: '"5s"'}],
    [['--', 'x'], {GRACEFUL_HEALTH__PORT: '1'}],
    [['--', 'x'], {GRACEFULDRAIN: '1s'}],
  ])('%j with %j', (argv, env) => {
    expect(quickParse(argv, env, RUN_OPTIONS)).toEqual({type: 'full'});
  });
});

describe('quickParse keeps errors for the wrapper to report', () => {
  test.each<[string[], RegExp]>([
    [['--drain', '5x', '--', 'x'], /--drain: expected a duration/],
    [['--'], /no command given/],
  ])('%j', (argv, message) => {
    const quick = quickParse(argv, {}, RUN_OPTIONS);
    expect(quick.type).toBe('run');
    if (quick.type !== 'run') return;
    expect(() => normalizeRunOptions(quick.input, quick.command)).toThrow(message);
  });
});

describe('quickParse and service links', () => {
  test('a service-link value of an option variable is set aside, by name', () => {
    const quick = quickParse(['--', 'x'], {GRACEFUL_HEALTH_PORT: 'tcp://10.96.0.12:8090'}, RUN_OPTIONS);
    expect(quick).toMatchObject({type: 'run', serviceLinks: ['GRACEFUL_HEALTH_PORT']});
    expect(quick.type === 'run' && quick.input.healthPort).toBeUndefined();
  });
});
