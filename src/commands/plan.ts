import {readFile} from 'node:fs/promises';
import {normalizePlanOptions} from '../config/plan-options.ts';
import {GracefulError, UsageError} from '../errors.ts';
import {checkManifests, formatFinding} from '../plan/check.ts';
import {parseManifests} from '../plan/manifest.ts';
import {planWindows} from '../plan/windows.ts';
import {defaultRenderOptions, renderPlanYaml} from '../plan/yaml.ts';
import {type Command, withEnv} from './command.ts';

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

// `graceful plan`: recommended windows and a YAML snippet, or `--check` of existing manifests.
export const planCommand: Command = {
  command: 'plan',
  describe: 'Compute drain, stop-timeout, refuse and the grace period; or check manifests with --check',
  builder: (yargs) =>
    yargs
      .usage('Usage: graceful plan [options]\n       graceful plan --check <manifest.yaml>...')
      .option('dns-ttl', {
        type: 'string',
        describe: withEnv(
          'how long DNS may still return a deleted pod (default 30s, kubeadm CoreDNS)',
          'dns-ttl',
        ),
      })
      .option('propagation', {
        type: 'string',
        describe: withEnv('delay until CoreDNS sees the endpoint update (default 2s)', 'propagation'),
      })
      .option('client-cache', {
        type: 'string',
        describe: withEnv(
          'longest client-side cache of the IP, e.g. 30s for the JVM, 60s for MongoDB drivers (default 0)',
          'client-cache',
        ),
      })
      .option('server', {
        type: 'string',
        describe: withEnv('generic, nginx or mongos: sets the stop signal and stop time', 'server'),
      })
      .option('server-stop', {
        type: 'string',
        describe: withEnv("the server's own stop time (default: the --server's)", 'server-stop'),
      })
      .option('mode', {
        type: 'string',
        describe: withEnv('wrapper (graceful is the ENTRYPOINT) or sidecar (untouched image)', 'mode'),
      })
      .option('health-port', {
        type: 'string',
        describe: withEnv("port of graceful's health endpoints in the snippet (default 8090)", 'health-port'),
      })
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
