import {flagVariable, formatFlags, optionKey} from '../config/option-spec.ts';
import {givenOnCommandLine} from '../config/variables.ts';
import {UsageError} from '../errors.ts';
import {writeOutput} from '../output.ts';
import {checkManifests, formatFinding} from '../plan/check.ts';
import {readInputFiles} from '../plan/input.ts';
import {parseDocuments, readManifests} from '../plan/manifest.ts';
import {
  CHECK_OPTION,
  CHECK_READS,
  normalizeCheckOptions,
  normalizePlanOptions,
  PLAN_OPTIONS,
} from '../plan/options.ts';
import {restoreStdinWord} from '../plan/stdin-word.ts';
import {planWindows} from '../plan/windows.ts';
import {defaultRenderOptions, renderPlanYaml} from '../plan/yaml.ts';
import {addOptions, type Command} from './command.ts';

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
          !CHECK_READS.includes(spec) &&
          argv[optionKey(spec.name)] !== undefined &&
          (process.env[flagVariable(spec.name)] === undefined ||
            givenOnCommandLine(spec.name, context.argv ?? [])),
      );
      if (unread !== undefined) {
        throw new UsageError(
          `--${unread.name}: not read by --check, which checks the windows the manifests set (only ${formatFlags(CHECK_READS)} apply)`,
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
