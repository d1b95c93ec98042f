import {readFile} from 'node:fs/promises';
import {DEFAULT_HEALTH_PORT} from '../config/health-options.ts';
import type {OptionSpec} from '../config/option-spec.ts';
import {GracefulError, UsageError} from '../errors.ts';
import {checkManifests, formatFinding} from '../plan/check.ts';
import {parseManifests} from '../plan/manifest.ts';
import {DEFAULT_DNS_TTL_MS, DEFAULT_PROPAGATION_MS, normalizePlanOptions} from '../plan/options.ts';
import {PLAN_MODES, planWindows, SERVER_KINDS} from '../plan/windows.ts';
import {defaultRenderOptions, renderPlanYaml} from '../plan/yaml.ts';
import {addOptions, type Command} from './command.ts';

const checkManifestFiles = async (files: string[]): Promise<number> => {
  let problems = 0;
  for (const file of files) {
    let objects: ReturnType<typeof parseManifests>;
    try {
      objects = parseManifests(await readFile(file, 'utf8'));
    } catch (error) {
      throw new GracefulError(`--check ${file}: ${(error as Error).message}`, 2);
    }

    const findings = checkManifests(objects);
    problems += findings.length;
    for (const finding of findings) {
      process.stdout.write(`${file}: ${formatFinding(finding)}\n`);
    }

    if (findings.length === 0) {
      process.stdout.write(`${file}: ok (${objects.length} objects)\n`);
    }
  }

  return problems === 0 ? 0 : 1;
};

// The options of `graceful plan` that set its input (--check is a mode of its own).
export const PLAN_OPTIONS: OptionSpec[] = [
  {
    name: 'dns-ttl',
    kind: 'duration',
    default: DEFAULT_DNS_TTL_MS,
    describe: "how long DNS may still return a deleted pod (kubeadm's CoreDNS: `ttl 30`, `cache 30`)",
  },
  {
    name: 'propagation',
    kind: 'duration',
    default: DEFAULT_PROPAGATION_MS,
    describe: 'delay until CoreDNS sees the endpoint update',
  },
  {
    name: 'client-cache',
    kind: 'duration',
    default: 0,
    describe: "longest client-side cache of the IP: 30s for the JVM, 60s for MongoDB drivers' SRV rescans",
  },
  {
    name: 'server',
    kind: 'choice',
    default: SERVER_KINDS[0],
    describe: "`generic`, `nginx` or `mongos`: the stop signal and the server's own stop time",
  },
  {
    name: 'server-stop',
    kind: 'duration',
    defaultText: "the server's",
    describe: "the server's own stop time, overriding `--server`'s",
  },
  {
    name: 'mode',
    kind: 'choice',
    default: PLAN_MODES[0],
    describe: '`wrapper` (graceful is the ENTRYPOINT) or `sidecar` (untouched image)',
  },
  {
    name: 'health-port',
    kind: 'port',
    default: DEFAULT_HEALTH_PORT,
    describe: "the port of graceful's health endpoints in the snippet",
  },
];

// `graceful plan`: recommended windows and a YAML snippet, or `--check` of existing manifests.
export const planCommand: Command = {
  command: 'plan',
  describe: 'Compute drain, stop-timeout, refuse and the grace period; or check manifests with --check',
  builder: (yargs) =>
    addOptions(
      yargs.usage('Usage: graceful plan [options]\n       graceful plan --check <manifest.yaml>...'),
      PLAN_OPTIONS,
    )
      .option('check', {
        type: 'string',
        array: true,
        describe: 'check these manifests instead; exit 1 if any problem is found',
      })
      .example('graceful plan --server mongos --mode sidecar --client-cache 60s', 'mongos beside graceful')
      .example('graceful plan --check k8s/deployment.yaml', 'check existing manifests'),
  handler: async (argv) => {
    const check = argv.check as string[] | undefined;
    if (check !== undefined) {
      if (check.length === 0) {
        throw new UsageError('--check: expected one or more manifest files, got none');
      }

      return checkManifestFiles(check);
    }

    const {healthPort, ...input} = normalizePlanOptions(argv);
    const plan = planWindows(input);
    process.stdout.write(renderPlanYaml(plan, defaultRenderOptions(plan, healthPort)));
    return 0;
  },
};
