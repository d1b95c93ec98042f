import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {parse} from 'yaml';
import {describeOption, type OptionSpec} from '../../src/config/option-spec.ts';
import {INJECT_OPTIONS} from '../../src/inject/options.ts';
import {CHECK_OPTION, PLAN_OPTIONS} from '../../src/plan/options.ts';
import {runGraceful} from '../helpers/graceful.ts';
import {deploymentAround, validateKubernetesObject} from '../helpers/kubernetes.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixtures = (directory: string): string[] =>
  readdirSync(join(FIXTURES, directory))
    .sort()
    .map((name) => join(FIXTURES, directory, name));
// The first line of a fixture says what `plan --check` must report: `# expect: <regular expression>`.
const expectation = (path: string): RegExp =>
  new RegExp(
    /^# expect: (.*)$/m.exec(readFileSync(path, 'utf8'))?.[1] ?? 'document 1: not a Kubernetes object',
  );

describe('graceful plan', () => {
  test('prints the reasoning and a valid sidecar snippet; flags and GRACEFUL_* variables both work', async () => {
    const result = await runGraceful(
      ['plan', '--server', 'mongos', '--mode', 'sidecar', '--dns-ttl', '30s'],
      {
        env: {GRACEFUL_CLIENT_CACHE: '60s'},
      },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^# drain 32s: /m);
    expect(result.stdout).toMatch(/^# refuse 1m: .*--client-cache 1m/m);
    const spec = parse(result.stdout);
    expect(spec.terminationGracePeriodSeconds).toBe(125);
    expect(() => validateKubernetesObject(deploymentAround(spec))).not.toThrow();
  });

  test('the stock nginx image gets the sidecar by default, its SIGQUIT kept; --lb and --mesh reach the snippet', async () => {
    const result = await runGraceful(['plan', '--server', 'nginx', '--lb', 'aws-nlb', '--mesh', 'istio']);
    expect(result.exitCode).toBe(0);
    const spec = parse(result.stdout);
    expect(spec.containers[0].image).toBe('nginx:1.27');
    expect(spec.containers[0].command).toEqual(['nginx', '-g', 'daemon off;']);
    expect(spec.initContainers[0].args).toEqual(expect.arrayContaining(['--drain', '2m']));
    expect(result.stdout).toMatch(/^# drain 2m: --lb aws-nlb: AWS NLB IP targets .*#2366, #3270/m);
    expect(result.stdout).toMatch(/^# {3}proxy.istio.io\/config: '\{"terminationDrainDuration":"135s"\}'$/m);
    expect(result.stdout).toContain('its STOPSIGNAL SIGQUIT (keep it: the clean stop)');
  });

  test('--mode wrapper says the image must contain graceful and, for nginx, STOPSIGNAL SIGTERM', async () => {
    const result = await runGraceful(['plan', '--server', 'nginx', '--mode', 'wrapper']);
    expect(result.stdout).toContain('# The image must contain graceful: COPY --from=graceful:binary');
    expect(result.stdout).toContain('# and say STOPSIGNAL SIGTERM');
    expect(parse(result.stdout).containers[0].env).toContainEqual({
      name: 'GRACEFUL_STOP_SIGNAL',
      value: 'SIGQUIT',
    });
  });

  test.each([
    [
      ['--server', 'apache'],
      '--server: expected one of generic, nginx, mongos, mongod, haproxy, envoy, httpd, postgres, redis, java, node, got "apache"',
    ],
    [['--dns-ttl', 'long'], '--dns-ttl: expected a duration'],
    [['--lb', 'azure'], '--lb: expected one of aws-nlb, aws-alb, gke, got "azure"'],
    [['--lb'], '--lb: expected aws-nlb, aws-alb, gke, got none'],
    [
      ['--drain-readiness', 'sometimes'],
      '--drain-readiness: expected one of unready, ready, got "sometimes"',
    ],
    [['--check'], '--check: expected one or more manifest files (or - for stdin), got none'],
    [['--check', '/nonexistent.yaml'], '--check /nonexistent.yaml: ENOENT'],
    [['--check', '/tmp'], '--check /tmp: EISDIR'],
    [['--check', ''], '--check: expected a manifest file or - for stdin, got ""'],
    [
      ['--check', '/nonexistent.yaml', '--dns-ttl', '5s'],
      '--dns-ttl: not read by --check, which checks the windows the manifests set',
    ],
    [['--check', '/nonexistent.yaml', '--clientCache', '5s'], '--client-cache: not read by --check'],
    [['k8s.yaml'], 'unexpected "k8s.yaml": to check manifests, use graceful plan --check k8s.yaml'],
  ])('%j exits 2', async (args, message) => {
    const result = await runGraceful(['plan', ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

test.each<[string, readonly OptionSpec[]]>([
  ['plan', [...PLAN_OPTIONS, CHECK_OPTION]],
  ['inject', INJECT_OPTIONS],
])(
  'graceful %s --help lists every option of its spec, with its default and variable',
  async (command, specs) => {
    const result = await runGraceful([command, '--help']);
    expect(result.exitCode).toBe(0);
    // yargs wraps the descriptions: compare them with each run of white space as one space.
    const help = result.stdout.replaceAll(/\s+/g, ' ');
    for (const spec of specs) {
      expect(help).toContain(` --${spec.name} ${describeOption(spec).replaceAll(/\s+/g, ' ')}`);
    }
  },
);

describe('graceful plan --check', () => {
  test.each(fixtures('broken'))('%s: exit 1 with the problem named', async (path) => {
    const result = await runGraceful(['plan', '--check', path]);
    expect(result.stdout).toMatch(expectation(path));
    expect(result.stdout).toMatch(/: \d+ problems? \(/);
    expect(result.exitCode).toBe(1);
  });

  test.each(fixtures('malformed'))(
    '%s: exit 2 naming the file, the document and the path; no TypeError',
    async (path) => {
      const result = await runGraceful(['plan', '--check', path]);
      expect(result.stderr).toMatch(new RegExp(`^graceful: --check ${path}: ${expectation(path).source}`));
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/TypeError/);
      expect(result.stdout).toBe('');
      expect(result.exitCode).toBe(2);
    },
  );

  test('reads stdin and names what it skips; a pod without graceful behind a headless Service is a note', async () => {
    const text = readFileSync(join(FIXTURES, 'manifests/deployment.yaml'), 'utf8');
    const hpa =
      '---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  maxReplicas: 3\n';
    const result = await runGraceful(['plan', '--check', '-'], {input: text + hpa});
    expect(result.stdout.split('\n')).toEqual([
      '<stdin>: skipped HorizontalPodAutoscaler/api (document 3): no pod template',
      expect.stringMatching(/^<stdin>: note: Deployment\/api: behind headless Service\/api without graceful/),
      '<stdin>: ok (3 objects, 1 pod templates, 1 skipped)',
    ]);
    expect(result.exitCode).toBe(0);
  });

  test('files as --check values, --check=FILE, positional after --check, and - in between', async () => {
    const a = join(FIXTURES, 'manifests/deployment.yaml');
    const b = join(FIXTURES, 'manifests/cronjob.yaml');
    const text = readFileSync(join(FIXTURES, 'manifests/statefulset.yaml'), 'utf8');
    for (const args of [
      ['--check', a, '-', b],
      [`--check=${a}`, '-', b],
    ]) {
      const result = await runGraceful(['plan', ...args], {input: text});
      const verdicts = result.stdout
        .split('\n')
        .filter((line) => / ok \(/.test(line))
        .map((line) => line.split(':')[0]);
      expect(verdicts).toEqual([a, '<stdin>', b]);
      expect(result.exitCode).toBe(0);
    }
  });

  test('--server-stop overrides every image; --mesh applies to every pod', async () => {
    const path = join(FIXTURES, 'broken/nginx-sidecar-budget.yaml');
    expect((await runGraceful(['plan', '--check', path, '--server-stop', '3s'])).exitCode).toBe(0);
    const meshed = await runGraceful(['plan', '--check', '--server-stop', '3s', '--mesh', 'linkerd', path]);
    expect(meshed.stdout).toMatch(/Linkerd's proxy refuses new requests 0s after SIGTERM/);
    expect(meshed.exitCode).toBe(1);
  });
});
