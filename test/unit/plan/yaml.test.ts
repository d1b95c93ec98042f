import {describe, expect, test} from 'vitest';
import {parse} from 'yaml';
import {checkManifests, formatFinding} from '../../../src/plan/check.ts';
import {readManifests} from '../../../src/plan/manifest.ts';
import {SERVER_KINDS} from '../../../src/plan/servers.ts';
import {type PlanInput, type PlanMode, planWindows, type ServerKind} from '../../../src/plan/windows.ts';
import {defaultRenderOptions, renderPlanYaml} from '../../../src/plan/yaml.ts';
import {deploymentAround, validateKubernetesObject} from '../../helpers/kubernetes.ts';

const render = (mode: PlanMode, server: ServerKind, healthPort?: number, extra: Partial<PlanInput> = {}) => {
  const plan = planWindows({
    ...extra,
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
  SERVER_KINDS.map((server) => [mode, server] as const),
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
    expect(checkManifests(readManifests([deploymentAround(parse(text))])).map(formatFinding)).toEqual([]);
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

describe('snippets that work as written', () => {
  test('sidecar: the stock image, its own clean STOPSIGNAL kept', () => {
    const {text} = render('sidecar', 'nginx');
    expect(parse(text).containers[0].image).toBe('nginx:1.27');
    expect(text).toContain('its STOPSIGNAL SIGQUIT (keep it: the clean stop)');
  });

  test('wrapper: an image of yours that must contain graceful, and STOPSIGNAL SIGTERM for nginx', () => {
    const {text} = render('wrapper', 'nginx');
    expect(parse(text).containers[0].image).toBe('example/nginx-with-graceful');
    expect(text).toContain('# The image must contain graceful: COPY --from=graceful:binary');
    expect(text).toContain(
      "# and say STOPSIGNAL SIGTERM: the stock image's SIGQUIT would be forwarded with no drain;",
    );
  });

  test.each([
    [
      'istio',
      'sidecar',
      [
        `#   proxy.istio.io/config: '{"terminationDrainDuration":"47s"}'`,
        `#   traffic.sidecar.istio.io/excludeInboundPorts: '8090'`,
      ],
    ],
    ['linkerd', 'wrapper', [`#   config.alpha.linkerd.io/proxy-wait-before-exit-seconds: '47'`]],
  ] as const)(
    '--mesh %s (%s): the annotations that keep the proxy through drain + stop',
    (mesh, mode, lines) => {
      const {text} = render(mode, 'nginx', undefined, {mesh});
      for (const line of lines) {
        expect(text).toContain(line);
      }
    },
  );

  test('--drain-readiness ready reaches the sidecar and the wrapper', () => {
    const sidecar = parse(render('sidecar', 'generic', undefined, {drainReadiness: 'ready'}).text);
    expect(sidecar.initContainers[0].args.slice(-2)).toEqual(['--drain-readiness', 'ready']);
    const wrapper = parse(render('wrapper', 'generic', undefined, {drainReadiness: 'ready'}).text);
    expect(wrapper.containers[0].env).toContainEqual({name: 'GRACEFUL_DRAIN_READINESS', value: 'ready'});
  });
});
