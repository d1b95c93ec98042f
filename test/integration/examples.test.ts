import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {parseAllDocuments} from 'yaml';
import {type LogLine, runGraceful, startGraceful} from '../helpers/graceful.ts';
import {validateKubernetesObject} from '../helpers/kubernetes.ts';
import {freePort, tryConnect} from '../helpers/net.ts';
import {findProgram, missing} from '../helpers/prerequisites.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

// Every YAML manifest under examples/.
const MANIFESTS = readdirSync(EXAMPLES, {recursive: true, encoding: 'utf8'})
  .filter((path) => /\.ya?ml$/.test(path))
  .sort();

describe('example manifests', () => {
  test('there are manifests for nginx and mongos', () => {
    expect(MANIFESTS).toEqual(expect.arrayContaining(['nginx/k8s.yaml', 'mongos/k8s.yaml']));
  });

  test.each(MANIFESTS)('%s parses and every object is valid against the Kubernetes schema', (path) => {
    const documents = parseAllDocuments(readFileSync(join(EXAMPLES, path), 'utf8'));
    expect(documents.flatMap((document) => document.errors)).toEqual([]);
    const objects = documents.map((document) => document.toJS() as {apiVersion?: string; kind?: string});
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      expect(() => validateKubernetesObject(object), `${object.kind}`).not.toThrow();
    }
  });

  test.each(MANIFESTS)('graceful plan --check %s finds no problem', async (path) => {
    const result = await runGraceful(['plan', '--check', join(EXAMPLES, path)]);
    expect(result.stdout).toMatch(/: ok \(\d+ objects, \d+ pod templates, \d+ skipped\)$/);
    expect(result.exitCode).toBe(0);
  });

  test('plan --check fails (exit 1) on a broken copy: preStop sleep, fast nginx stop, not-native sidecar', async () => {
    const nginx = readFileSync(join(EXAMPLES, 'nginx/k8s.yaml'), 'utf8')
      .replace('value: SIGQUIT', 'value: SIGTERM')
      .replace('terminationGracePeriodSeconds: 85', 'terminationGracePeriodSeconds: 30');
    const mongos = readFileSync(join(EXAMPLES, 'mongos/k8s.yaml'), 'utf8').replace(
      '          restartPolicy: Always\n',
      '',
    );
    const directory = mkdtempSync(join(tmpdir(), 'graceful-check-'));
    const files = [join(directory, 'nginx.yaml'), join(directory, 'mongos.yaml')];
    writeFileSync(join(directory, 'nginx.yaml'), nginx);
    writeFileSync(join(directory, 'mongos.yaml'), mongos);
    const result = await runGraceful(['plan', '--check', ...files]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /nginx.yaml: Deployment\/web container nginx: drain \+ stop-timeout \+ refuse .* exceed/,
    );
    expect(result.stdout).toMatch(
      /nginx.yaml: Deployment\/web container nginx: nginx is stopped with SIGTERM/,
    );
    expect(result.stdout).toMatch(
      /mongos.yaml: Deployment\/mongos container graceful: graceful sidecar is not a native sidecar/,
    );
  });
});

describe('examples/nginx/nginx.conf', () => {
  test.skipIf(missing('nginx'))('is accepted by nginx -t', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'graceful-nginx-'));
    const result = spawnSync(
      findProgram('nginx') ?? 'nginx',
      ['-t', '-p', prefix, '-c', join(EXAMPLES, 'nginx/nginx.conf')],
      {encoding: 'utf8'},
    );
    expect(result.stderr).toContain('syntax is ok');
    expect(result.status).toBe(0);
  });
});

describe('examples/local', () => {
  test('graceful drains, stops and refuses around server.mjs', async () => {
    const port = await freePort();
    const graceful = startGraceful([
      '--drain',
      '1s',
      '--refuse',
      '1s',
      '--',
      process.execPath,
      join(EXAMPLES, 'local/server.mjs'),
      String(port),
    ]);
    await graceful.waitForStdout(/listening on/);
    process.kill(graceful.pid, 'SIGTERM');
    await graceful.waitForLog((line: LogLine) => line.phase === 'draining');
    expect(await tryConnect(port)).toBe('connected');
    await graceful.waitForLog((line: LogLine) => line.phase === 'refusing');
    expect(await tryConnect(port)).toBe('refused');
    expect(await graceful.waitForExit()).toEqual({exitCode: 0, signal: undefined});
    expect(graceful.stdout()).toContain('SIGTERM: closing');
  });
});
