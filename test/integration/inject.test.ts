import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {parseAllDocuments} from 'yaml';
import {runGraceful} from '../helpers/graceful.ts';
import {deploymentAround, validateKubernetesObject} from '../helpers/kubernetes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const yamlFiles = (directory: string): string[] =>
  readdirSync(join(ROOT, directory), {recursive: true, encoding: 'utf8'})
    .filter((path) => /\.ya?ml$/.test(path))
    .map((path) => join(directory, path))
    .sort();

// Every example, and the plain workloads a new user starts from.
const ROUND_TRIPS = [...yamlFiles('examples'), ...yamlFiles('test/fixtures/manifests')];

// Schema validation of every object; custom resources (Argo Rollout) by their pod template.
const validateAll = (text: string): void => {
  for (const object of parseAllDocuments(text).map((document) => document.toJS())) {
    if (object === null) {
      continue;
    }

    if (object.kind === 'List') {
      for (const item of object.items) validateKubernetesObject(item);
    } else if (object.kind === 'Rollout') {
      validateKubernetesObject(deploymentAround(object.spec.template.spec));
    } else {
      validateKubernetesObject(object);
    }
  }
};

const temporary = (name: string, text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'graceful-inject-')), name);
  writeFileSync(path, text);
  return path;
};

describe('graceful inject → graceful plan --check', () => {
  test('covers a Deployment, a StatefulSet, a CronJob, a List and every example', () => {
    expect(ROUND_TRIPS).toEqual(
      expect.arrayContaining([
        'test/fixtures/manifests/deployment.yaml',
        'test/fixtures/manifests/statefulset.yaml',
        'test/fixtures/manifests/cronjob.yaml',
        'examples/mongos/k8s.yaml',
        'examples/nginx/k8s.yaml',
      ]),
    );
  });

  test.each(ROUND_TRIPS)(
    '%s: inject, check exits 0, valid schema, a second inject is identical',
    async (path) => {
      const once = await runGraceful(['inject', join(ROOT, path)]);
      expect(once.exitCode, once.stderr).toBe(0);
      expect(once.stderr).toMatch(/^graceful inject: /);
      expect(() => validateAll(once.stdout)).not.toThrow();

      const injected = temporary('injected.yaml', once.stdout);
      const check = await runGraceful(['plan', '--check', injected]);
      expect(check.stdout, check.stdout).toMatch(/: ok \(\d+ objects, \d+ pod templates, \d+ skipped\)$/);
      expect(check.stdout).not.toMatch(/: note: .*without graceful/);
      expect(check.exitCode).toBe(0);

      const twice = await runGraceful(['inject', injected]);
      expect(twice.exitCode).toBe(0);
      expect(twice.stdout).toBe(once.stdout);
    },
  );

  test('reads stdin (-) and keeps comments, key order and the other documents', async () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/manifests/deployment.yaml'), 'utf8');
    const result = await runGraceful(['inject', '-'], {input: text});
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('# A plain Deployment behind a headless Service');
    expect(result.stdout).toContain("          # The app's own readiness stays.\n          readinessProbe:");
    expect(result.stdout.split('\n---\n')[1]).toBe(text.split('\n---\n')[1]?.trimEnd());
    expect(result.stderr).toMatch(
      /Deployment\/api: sidecar added \(drain 32s, refuse 5s, terminationGracePeriodSeconds 80\)/,
    );
  });

  test('a kubectl List from stdin: Istio and GKE found, externalTrafficPolicy: Local gets --drain-readiness ready', async () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/manifests/list.yaml'), 'utf8');
    const result = await runGraceful(['inject', '-'], {input: text});
    expect(result.exitCode).toBe(0);
    const [list] = parseAllDocuments(result.stdout).map((document) => document.toJS());
    const template = list.items[0].spec.template;
    expect(template.metadata.annotations['proxy.istio.io/config']).toBe('{"terminationDrainDuration":"47s"}');
    expect(template.spec.initContainers[0].args).toEqual(
      expect.arrayContaining(['--drain-readiness', 'ready']),
    );
    const check = await runGraceful(['plan', '--check', '-'], {input: result.stdout});
    expect(check.stdout).toMatch(/<stdin>: ok/);
    expect(check.exitCode).toBe(0);
  });

  test('several files become one YAML stream, even when one has no final newline', async () => {
    const first = temporary('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}');
    const second = join(ROOT, 'test/fixtures/manifests/cronjob.yaml');
    const result = await runGraceful(['inject', first, second]);
    expect(result.exitCode).toBe(0);
    const documents = parseAllDocuments(result.stdout).map((document) => document.toJS());
    expect(documents.map((document) => document.kind)).toEqual(['ConfigMap', 'CronJob']);
    expect(result.stdout.startsWith('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n')).toBe(
      true,
    );
  });

  test('a repeatable option takes one value each time: the next word is a manifest', async () => {
    const path = join(ROOT, 'test/fixtures/manifests/deployment.yaml');
    const result = await runGraceful(['inject', '--container', 'api', path]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('/prestop');
  });

  test.each([
    [['inject'], 'inject: expected one or more manifest files (or - for stdin), got none'],
    [['inject', '/nonexistent.yaml'], 'inject /nonexistent.yaml: ENOENT'],
    [['inject', '--mode', 'daemon', 'x.yaml'], '--mode: expected one of wrapper, sidecar, got "daemon"'],
    [['inject', '--mesh', 'consul', 'x.yaml'], '--mesh: expected one of istio, linkerd, got "consul"'],
    [['inject', '-', '-'], 'inject: "-" (stdin) given more than once'],
    // After --, every word is a manifest file.
    [['inject', '--', '/nonexistent.yaml'], 'inject /nonexistent.yaml: ENOENT'],
    [['inject', '--container', '--', 'x.yaml'], '--container: expected a container name, got none'],
  ])('%j exits 2 with one line', async (args, message) => {
    const result = await runGraceful(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`graceful: ${message}${result.stderr.slice(`graceful: ${message}`.length)}`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  test.each(
    readdirSync(join(ROOT, 'test/fixtures/malformed')).map((name) => join('test/fixtures/malformed', name)),
  )('malformed %s: exit 2 naming file, document and path, no output', async (path) => {
    const expected = new RegExp(
      /^# expect: (.*)$/m.exec(readFileSync(join(ROOT, path), 'utf8'))?.[1] ??
        'document 1: not a Kubernetes object',
    );
    const result = await runGraceful(['inject', join(ROOT, path)]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^graceful: inject ${join(ROOT, path)}: ${expected.source}`));
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/TypeError/);
  });
});
