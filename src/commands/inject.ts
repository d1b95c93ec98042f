import {UsageError} from '../errors.ts';
import {injectManifests} from '../inject/inject.ts';
import {INJECT_OPTIONS, normalizeInjectOptions} from '../inject/options.ts';
import {writeOutput} from '../output.ts';
import {readInputFiles} from '../plan/input.ts';
import {restoreStdinWord} from '../plan/stdin-word.ts';
import {addOptions, type Command} from './command.ts';

// `graceful inject`: the same manifests on stdout, with graceful added to every pod template it can protect.
export const injectCommand: Command = {
  command: 'inject [manifests..]',
  readsAfterDashes: true,
  describe: 'Add graceful to the pod templates of manifests (files or - for stdin) and print them',
  builder: (yargs) =>
    addOptions(
      yargs.usage(
        'Usage: graceful inject [options] <manifest.yaml|->...\n\nWrites the manifests to stdout with graceful added to every pod template it can protect: by default a native sidecar, a preStop httpGet /prestop on each server container and terminationGracePeriodSeconds from graceful plan. The server is detected from each image (--server overrides); Istio and Linkerd from the pod annotations (--mesh for namespace-wide injection); AWS and GKE load balancers and externalTrafficPolicy: Local from the Services given alongside. Comments, key order and other documents are kept; a second run changes nothing. Exit 0, or 2 for unreadable or malformed manifests.',
      ),
      INJECT_OPTIONS,
    )
      .positional('manifests', {type: 'string', array: true, describe: 'manifest files, - for stdin'})
      .example('graceful inject k8s/*.yaml | kubectl apply -f -', 'adopt graceful in one command')
      .example(
        'kubectl get deploy web -o yaml | graceful inject - | kubectl apply -f -',
        'protect what runs',
      ),
  handler: async (argv, context) => {
    const files = [
      ...restoreStdinWord(((argv.manifests as string[] | undefined) ?? []).map(String), context.argv ?? []),
      // `inject -- -odd-name.yaml`: after --, every word is a file.
      ...((argv['--'] as unknown[] | undefined) ?? []).map(String),
    ];
    if (files.length === 0) {
      throw new UsageError('inject: expected one or more manifest files (or - for stdin), got none');
    }

    const options = normalizeInjectOptions(argv);
    const inputs = await readInputFiles('inject', files);
    // Everything is injected before anything is written: a malformed file leaves stdout empty.
    const results = inputs.map(({name, text}) => {
      try {
        return {name, ...injectManifests(text, options)};
      } catch (error) {
        throw new UsageError(`inject ${name}: ${(error as Error).message}`);
      }
    });
    // One YAML stream: each file ends its last line, and the next starts a document.
    const output = results
      .map(({text}) => (text === '' || text.endsWith('\n') ? text : `${text}\n`))
      .map((text, index) => (index > 0 && !text.startsWith('---') ? `---\n${text}` : text));
    await writeOutput(process.stdout, output.join(''));
    const notes = results.flatMap(({name, reports}) =>
      reports.map((report) => `graceful inject: ${name}: ${report}\n`),
    );
    await writeOutput(process.stderr, notes.join(''));

    return 0;
  },
};
