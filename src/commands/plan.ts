import {formatDuration} from '../config/duration.ts';
import {DEFAULT_DRAIN_READINESS} from '../config/health-options.ts';
import {flagVariable, formatChoices, type OptionSpec, optionKey} from '../config/option-spec.ts';
import {givenOnCommandLine} from '../config/variables.ts';
import {UsageError} from '../errors.ts';
import {writeOutput} from '../output.ts';
import {checkManifests, formatFinding} from '../plan/check.ts';
import {
  DEFAULT_HEALTH_PORT,
  LOAD_BALANCER_DRAIN,
  LOAD_BALANCERS,
  type LoadBalancer,
  MESHES,
} from '../plan/facts.ts';
import {readInputFiles} from '../plan/input.ts';
import {parseDocuments, readManifests} from '../plan/manifest.ts';
import {
  DEFAULT_CLIENT_CACHE_MS,
  DEFAULT_DNS_TTL_MS,
  DEFAULT_PLAN_MODE,
  DEFAULT_PROPAGATION_MS,
  DEFAULT_SERVER,
  normalizeCheckOptions,
  normalizePlanOptions,
} from '../plan/options.ts';
import {restoreStdinWord} from '../plan/stdin-word.ts';
import {planWindows, SERVER_KINDS} from '../plan/windows.ts';
import {defaultRenderOptions, renderPlanYaml} from '../plan/yaml.ts';
import {addOptions, type Command} from './command.ts';

// How long a load balancer keeps sending new connections to a terminating pod, as --help writes it.
const lbDrain = (lb: LoadBalancer): string => formatDuration(LOAD_BALANCER_DRAIN[lb].ms);

// The options `plan` and `inject` share: what the user knows about DNS, clients, the server and the cluster.
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
    default: DEFAULT_CLIENT_CACHE_MS,
    describe: "longest client-side cache of the IP: 30s for the JVM, 60s for MongoDB drivers' SRV rescans",
  },
  {
    name: 'server',
    kind: 'choice',
    defaultText: `${DEFAULT_SERVER}; with \`--check\`, from each image`,
    describe: `${formatChoices(SERVER_KINDS)}: decides the stop signal and stop time`,
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
    default: DEFAULT_PLAN_MODE,
    describe: '`sidecar` (beside the untouched image) or `wrapper` (the image must contain graceful)',
  },
  {name: 'health-port', kind: 'port', default: DEFAULT_HEALTH_PORT, describe: "graceful's health port"},
  {
    name: 'mesh',
    kind: 'choice',
    defaultText: 'none; with `--check`, from the annotations',
    describe: `${formatChoices(MESHES)}: keep the proxy alive through drain + stop`,
  },
  {
    name: 'lb',
    kind: 'choice',
    array: true,
    defaultText: 'none',
    describe: `${formatChoices(LOAD_BALANCERS)} (repeatable): drain at least as long as the load balancer keeps sending (about ${LOAD_BALANCERS.map(lbDrain).join(', ')})`,
  },
  {
    name: 'drain-readiness',
    kind: 'choice',
    default: DEFAULT_DRAIN_READINESS,
    describe: '`ready` keeps `/readyz` 200 while terminating, for `externalTrafficPolicy: Local`',
  },
];

// `plan --check`: the manifests to check instead of computing a plan.
export const CHECK_OPTION: OptionSpec = {
  name: 'check',
  kind: 'list',
  array: true,
  defaultText: 'none',
  describe: 'check these manifests (files, `-` for stdin) instead; exit 1 if any problem is found',
};

// What --check reads besides the manifests; the other plan options describe windows the manifests already have.
const CHECK_READS = ['server', 'server-stop', 'mesh'];

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
  readsAfterDashes: true,
  describe: 'Compute drain, stop-timeout, refuse and the grace period; or check manifests with --check',
  builder: (yargs) =>
    addOptions(
      yargs.usage(
        'Usage: graceful plan [options]\n       graceful plan --check <manifest.yaml|->...\n\nWith --check, --server and --server-stop override what each image tells, --mesh applies to every pod (namespace-wide injection); exit 0 ok, 1 problems found, 2 unreadable or malformed manifests.',
      ),
      [...PLAN_OPTIONS, CHECK_OPTION],
    )
      .positional('manifests', {
        type: 'string',
        array: true,
        describe: 'with --check: manifest files, - for stdin',
      })
      .example(
        'graceful plan --server mongos --client-cache 60s',
        'mongos beside graceful, as a native sidecar',
      )
      .example('graceful plan --server nginx --lb aws-nlb --mesh istio', 'behind an NLB, inside Istio')
      .example('kubectl get deploy -o yaml | graceful plan --check -', 'check what runs in the cluster'),
  handler: async (argv, context) => {
    const check = argv.check as string[] | undefined;
    const files = [
      ...restoreStdinWord(
        [...(check ?? []), ...((argv.manifests as string[] | undefined) ?? [])].map(String),
        context.argv ?? [],
      ),
      // `plan --check -- -odd-name.yaml`: after --, every word is a file.
      ...((argv['--'] as unknown[] | undefined) ?? []).map(String),
    ];
    if (check !== undefined) {
      if (files.length === 0) {
        throw new UsageError('--check: expected one or more manifest files (or - for stdin), got none');
      }

      // A flag --check would not read is refused rather than ignored, in whatever spelling yargs accepted; a
      // GRACEFUL_* variable alone may be there for plan and is left alone.
      const unread = PLAN_OPTIONS.find(
        (spec) =>
          !CHECK_READS.includes(spec.name) &&
          argv[optionKey(spec.name)] !== undefined &&
          (process.env[flagVariable(spec.name)] === undefined ||
            givenOnCommandLine(spec.name, context.argv ?? [])),
      );
      if (unread !== undefined) {
        throw new UsageError(
          `--${unread.name}: not read by --check, which checks the windows the manifests set (only --server, --server-stop and --mesh apply)`,
        );
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
