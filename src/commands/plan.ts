import type {Argv} from 'yargs';
import {UsageError} from '../errors.ts';
import {writeOutput} from '../output.ts';
import {checkManifests, formatFinding} from '../plan/check.ts';
import {readInputFiles} from '../plan/input.ts';
import {parseDocuments, readManifests} from '../plan/manifest.ts';
import {normalizeCheckOptions, normalizePlanOptions} from '../plan/options.ts';
import {restoreStdinWord} from '../plan/stdin-word.ts';
import {planWindows} from '../plan/windows.ts';
import {defaultRenderOptions, renderPlanYaml} from '../plan/yaml.ts';
import {type Command, withEnv} from './command.ts';

// The options `plan` and `inject` share: what the user knows about DNS, clients, the server and the cluster.
export const addPlanFlags = (yargs: Argv): Argv =>
  yargs
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
      describe: withEnv(
        'generic, nginx, mongos, mongod, haproxy, envoy, httpd, postgres, redis, java or node: the stop signal and stop time (default: from the image)',
        'server',
      ),
    })
    .option('server-stop', {
      type: 'string',
      describe: withEnv("the server's own stop time (default: the --server's)", 'server-stop'),
    })
    .option('mode', {
      type: 'string',
      describe: withEnv(
        'sidecar (default: beside the untouched image) or wrapper (the image must contain graceful)',
        'mode',
      ),
    })
    .option('health-port', {
      type: 'string',
      describe: withEnv("port of graceful's health endpoints (default 8090)", 'health-port'),
    })
    .option('mesh', {
      type: 'string',
      describe: withEnv(
        "istio or linkerd: keep the mesh's proxy alive through drain + stop (Istio terminationDrainDuration is 5s by default, istio#34855; Linkerd's proxy refuses on TERM)",
        'mesh',
      ),
    })
    .option('lb', {
      type: 'string',
      array: true,
      describe: withEnv(
        'aws-nlb (about 2m, aws-load-balancer-controller #2366, #3270), aws-alb (about 17s, #2366) or gke (3s health checks x 2 failures: 12s): drain at least that long',
        'lb',
      ),
    })
    .option('drain-readiness', {
      type: 'string',
      describe: withEnv(
        "unready (default: /readyz 503 from drain start) or ready (200 while terminating, for externalTrafficPolicy: Local, KEP-1669): graceful's --drain-readiness",
        'drain-readiness',
      ),
    });

const checkManifestFiles = async (files: string[], argv: Record<string, unknown>): Promise<number> => {
  const options = normalizeCheckOptions(argv);
  const inputs = await readInputFiles('--check', files);
  // Read everything first: a malformed file stops the run before any verdict is printed.
  const read = inputs.map(({name, text}) => {
    try {
      return {name, manifests: readManifests(parseDocuments(text))};
    } catch (error) {
      throw new UsageError(`--check ${name}: ${(error as Error).message}`);
    }
  });
  let problems = 0;
  const out: string[] = [];
  for (const {name, manifests} of read) {
    const findings = checkManifests(manifests, options);
    const fileProblems = findings.filter((finding) => finding.level === 'problem').length;
    problems += fileProblems;
    for (const skipped of manifests.skipped) {
      out.push(`${name}: skipped ${skipped.resource} (document ${skipped.document}): ${skipped.reason}`);
    }

    for (const finding of findings) {
      out.push(`${name}: ${formatFinding(finding)}`);
    }

    const summary = `${manifests.objects} objects, ${manifests.workloads.length} pod templates, ${manifests.skipped.length} skipped`;
    out.push(
      fileProblems === 0
        ? `${name}: ok (${summary})`
        : `${name}: ${fileProblems} problem${fileProblems === 1 ? '' : 's'} (${summary})`,
    );
  }

  await writeOutput(process.stdout, `${out.join('\n')}\n`);
  return problems === 0 ? 0 : 1;
};

// `graceful plan`: recommended windows and a YAML snippet, or `--check` of existing manifests.
export const planCommand: Command = {
  command: 'plan [manifests..]',
  describe: 'Compute drain, stop-timeout, refuse and the grace period; or check manifests with --check',
  builder: (yargs) =>
    addPlanFlags(
      yargs.usage(
        'Usage: graceful plan [options]\n       graceful plan --check <manifest.yaml|->...\n\nWith --check, --server and --server-stop override what each image tells, --mesh applies to every pod (namespace-wide injection); exit 0 ok, 1 problems found, 2 unreadable or malformed manifests.',
      ),
    )
      .positional('manifests', {
        type: 'string',
        array: true,
        describe: 'with --check: manifest files, - for stdin',
      })
      .option('check', {
        type: 'string',
        array: true,
        describe: 'check these manifests (files, - for stdin) instead; exit 1 if any problem is found',
      })
      .example(
        'graceful plan --server mongos --client-cache 60s',
        'mongos beside graceful, as a native sidecar',
      )
      .example('graceful plan --server nginx --lb aws-nlb --mesh istio', 'behind an NLB, inside Istio')
      .example('kubectl get deploy -o yaml | graceful plan --check -', 'check what runs in the cluster'),
  handler: async (argv, context) => {
    const check = argv.check as string[] | undefined;
    const files = restoreStdinWord(
      [...(check ?? []), ...((argv.manifests as string[] | undefined) ?? [])].map(String),
      context.argv ?? [],
    );
    if (check !== undefined) {
      if (files.length === 0) {
        throw new UsageError('--check: expected one or more manifest files (or - for stdin), got none');
      }

      return checkManifestFiles(files, argv);
    }

    if (files.length > 0) {
      throw new UsageError(
        `unexpected ${JSON.stringify(files[0])}: to check manifests, use graceful plan --check ${files[0]}`,
      );
    }
    const {healthPort, ...input} = normalizePlanOptions(argv);
    const plan = planWindows(input);
    await writeOutput(process.stdout, renderPlanYaml(plan, defaultRenderOptions(plan, healthPort)));
    return 0;
  },
};
