import {type Document, parseAllDocuments} from 'yaml';
import {UsageError} from '../errors.ts';
import {readGracefulUse} from '../plan/graceful-use.ts';
import {documentValue, readManifests, throwOnSyntaxError, type Workload} from '../plan/manifest.ts';
import type {InjectOptions} from './options.ts';
import {injectSidecar, injectWrapper} from './pod.ts';

// The manifests with graceful added, and one line per pod template saying what was done.
export interface InjectResult {
  text: string;
  reports: string[];
}

// kubectl writes sequences at their key's indentation (`containers:\n- name`); keep whichever style the file has.
const indentsSequences = (text: string): boolean => {
  const flush = /^( *)[^\s#-][^\n]*:\n\1- /m.test(text);
  const indented = /^( *)[^\s#-][^\n]*:\n\1 +- /m.test(text);
  return indented || !flush;
};

// Why graceful leaves a pod alone, or undefined when it can protect it.
const reasonToSkip = (workload: Workload): string | undefined => {
  if (workload.spec.hostNetwork === true) {
    return "skipped: hostNetwork pods share the node's IP, so no window can keep theirs";
  }

  // A pod that runs graceful already keeps its own windows: `plan --check` says whether they fit.
  const running = [...workload.spec.initContainers, ...workload.spec.containers].find(
    (item) => readGracefulUse(item) !== undefined,
  );
  if (running !== undefined) {
    const use = readGracefulUse(running);
    return `left as it is: container ${running.name} already runs graceful ${use?.mode === 'sidecar' ? 'as a sidecar' : 'as its wrapper'} (graceful plan --check checks it)`;
  }

  return undefined;
};

// Adds graceful to every pod template of a YAML stream it can protect; comments, key order, formatting and the
// other documents stay as they are, and a second run changes nothing.
export const injectManifests = (text: string, options: InjectOptions): InjectResult => {
  const documents = parseAllDocuments(text);
  documents.forEach(throwOnSyntaxError);

  const manifests = readManifests(documents.map(documentValue));
  const reports: string[] = [];
  let changed = false;
  for (const workload of manifests.workloads) {
    const document = documents[workload.document - 1] as Document;
    const skip = reasonToSkip(workload);
    const done =
      skip ??
      (options.mode === 'sidecar'
        ? injectSidecar(document, workload, manifests, options)
        : injectWrapper(document, workload, manifests, options));
    changed ||= !/^(skipped|left as it is)/.test(done);
    reports.push(`${workload.resource}: ${done}`);
  }

  const named = new Set(
    manifests.workloads.flatMap((workload) => workload.spec.containers.map((item) => item.name)),
  );
  const unknown = options.containers.find((name) => !named.has(name));
  if (unknown !== undefined) {
    throw new UsageError(
      `--container: no pod template here has a container named ${JSON.stringify(unknown)}`,
    );
  }

  // Nothing to add: the file comes back byte for byte.
  if (!changed) {
    return {text, reports};
  }

  const indentSeq = indentsSequences(text);
  const output = documents
    .map((document) => document.toString({lineWidth: 0, indentSeq, flowCollectionPadding: false}))
    .join('');
  // A file written with CRLF line ends stays so.
  return {text: text.includes('\r\n') ? output.replaceAll(/\r?\n/g, '\r\n') : output, reports};
};
