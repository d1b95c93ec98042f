import {describe, expect, test} from 'vitest';
import {parse} from 'yaml';
import {checkManifests} from '../../../src/plan/check.ts';
import {type PlanMode, planWindows, type ServerKind} from '../../../src/plan/windows.ts';
import {defaultRenderOptions, renderPlanYaml} from '../../../src/plan/yaml.ts';
import {deploymentAround, validateKubernetesObject} from '../../helpers/kubernetes.ts';

const render = (mode: PlanMode, server: ServerKind, healthPort?: number) => {
  const plan = planWindows({
    dnsTtlMs: 30_000,
    propagationMs: 2_000,
    clientCacheMs: 60_000,
    server,
    serverStopMs: undefined,
    mode,
  });
  return {plan, text: renderPlanYaml(plan, defaultRenderOptions(plan, healthPort))};
};

const MODES = (['wrapper', 'sidecar'] as const).flatMap((mode) =>
  (['generic', 'nginx', 'mongos'] as const).map((server) => [mode, server] as const),
);

describe('renderPlanYaml', () => {
  test.each(MODES)('%s/%s: a pod spec valid against the Kubernetes schema', (mode, server) => {
    const {plan, text} = render(mode, server);
    const spec = parse(text) as {terminationGracePeriodSeconds: number};
    expect(spec.terminationGracePeriodSeconds).toBe(plan.gracePeriodSeconds);
    expect(() => validateKubernetesObject(deploymentAround(spec))).not.toThrow();
  });

  test.each(MODES)('%s/%s: plan --check finds nothing wrong with its own snippet', (mode, server) => {
    const {text} = render(mode, server);
    expect(checkManifests([deploymentAround(parse(text))])).toEqual([]);
  });

  test('the reasoning comes first, as comments, one line per window', () => {
    const {text} = render('sidecar', 'mongos');
    const comments = text.split('\n').filter((line) => line.startsWith('#'));
    expect(comments.slice(0, 5).map((line) => line.split(':')[0])).toEqual([
      '# graceful plan',
      '# drain 32s',
      '# stop-timeout 20s',
      '# refuse 1m',
      '# terminationGracePeriodSeconds 125',
    ]);
  });

  test('sidecar: native sidecar with the windows, the server held by preStop httpGet /prestop', () => {
    const spec = parse(render('sidecar', 'mongos', 9000).text);
    expect(spec.initContainers[0]).toMatchObject({
      restartPolicy: 'Always',
      args: [
        'sidecar',
        '--health-port',
        '9000',
        '--drain',
        '32s',
        '--refuse',
        '1m',
        '--grace-period',
        '125s',
      ],
      readinessProbe: {httpGet: {path: '/readyz'}},
    });
    expect(spec.containers[0].lifecycle.preStop.httpGet).toEqual({path: '/prestop', port: 9000});
    expect(spec.containers[0].command).toEqual(['mongos', '--config', '/etc/mongos.conf']);
  });

  test('wrapper: graceful as the command, nginx stopped with SIGQUIT, readiness from /readyz', () => {
    const spec = parse(render('wrapper', 'nginx').text);
    const [container] = spec.containers;
    expect(container.command).toEqual(['graceful', '--', 'nginx', '-g', 'daemon off;']);
    expect(container.env).toContainEqual({name: 'GRACEFUL_STOP_SIGNAL', value: 'SIGQUIT'});
    expect(container.env).toContainEqual({name: 'GRACEFUL_DRAIN', value: '32s'});
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
  });

  test('dnsConfig single-request-reopen is there, marked optional', () => {
    const {text} = render('wrapper', 'generic');
    expect(text).toMatch(
      /# Optional: .*kubernetes#56903\)\ndnsConfig:\n {2}options:\n {4}- name: single-request-reopen/,
    );
  });
});
