import {describe, expect, test} from 'vitest';
import {parse} from 'yaml';
import {runGraceful} from '../helpers/graceful.ts';
import {deploymentAround, validateKubernetesObject} from '../helpers/kubernetes.ts';

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

  test.each([
    [['--server', 'apache'], '--server: expected one of generic, nginx, mongos, got "apache"'],
    [['--dns-ttl', 'long'], '--dns-ttl: expected a duration'],
    [['--check'], '--check: expected one or more manifest files, got none'],
    [['--check', '/nonexistent.yaml'], '--check /nonexistent.yaml: ENOENT'],
  ])('%j exits 2', async (args, message) => {
    const result = await runGraceful(['plan', ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
