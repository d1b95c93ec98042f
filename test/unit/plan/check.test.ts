import {describe, expect, test} from 'vitest';
import {checkManifests, formatFinding} from '../../../src/plan/check.ts';
import {
  type ContainerSpec,
  type K8sObject,
  parseManifests,
  readGracefulUse,
} from '../../../src/plan/manifest.ts';

const deployment = (spec: object, kind = 'Deployment'): K8sObject => ({
  kind,
  metadata: {name: 'web'},
  spec: {template: {spec}},
});

const wrapper = (args: string[], extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name: 'server',
  image: 'example/server-with-graceful',
  command: ['graceful', ...args],
  ...extra,
});

const sidecar = (args: string[], extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name: 'graceful',
  image: 'graceful:latest',
  args: ['sidecar', ...args],
  restartPolicy: 'Always',
  ...extra,
});

const hooked = (port = 8090, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name: 'mongos',
  image: 'mongo:8.0',
  command: ['mongos'],
  lifecycle: {preStop: {httpGet: {path: '/prestop', port}}},
  ...extra,
});

const messages = (objects: K8sObject[]): string[] => checkManifests(objects).map(formatFinding);

describe('checkManifests', () => {
  test.each<[string, K8sObject[], RegExp[]]>([
    ['defaults fit in 30 s', [deployment({containers: [wrapper(['--', 'server'])]})], []],
    [
      'wrapper over the default grace period',
      [deployment({containers: [wrapper(['--drain', '45s', '--refuse', '15s', '--', 'mongos'])]})],
      [
        /container server: drain \+ stop-timeout \+ refuse \(45s \+ 10s \+ 15s = 1m10s\) exceed terminationGracePeriodSeconds \(30s\)/,
      ],
    ],
    [
      'the seed budget fits in 120 s (StatefulSet, --flag=value)',
      [
        deployment(
          {
            terminationGracePeriodSeconds: 120,
            containers: [wrapper(['--drain=45s', '--refuse=15s', '--', 'mongos'])],
          },
          'StatefulSet',
        ),
      ],
      [],
    ],
    [
      'windows from GRACEFUL_* variables, the flag wins',
      [
        deployment({
          containers: [
            {
              name: 'server',
              image: 'example/app',
              args: ['--drain', '5s', '--', 'app'],
              env: [
                {name: 'GRACEFUL_DRAIN', value: '1m'},
                {name: 'GRACEFUL_REFUSE', value: '20s'},
              ],
            },
          ],
        }),
      ],
      [/\(5s \+ 10s \+ 20s = 35s\) exceed/],
    ],
    [
      '--grace-period disagrees with the pod',
      [
        deployment({
          terminationGracePeriodSeconds: 60,
          containers: [wrapper(['--grace-period', '90s', '--', 'x'])],
        }),
      ],
      [/--grace-period 1m30s differs from terminationGracePeriodSeconds \(1m\)/],
    ],
    [
      'preStop sleep stacked on the drain (sleep action)',
      [deployment({containers: [wrapper(['--', 'x'], {lifecycle: {preStop: {sleep: {seconds: 5}}}})]})],
      [/a preStop sleep delays SIGTERM and stacks on graceful's 10s drain/],
    ],
    [
      'preStop sleep stacked on the drain (exec sh -c)',
      [
        deployment({
          containers: [
            wrapper(['--', 'x'], {lifecycle: {preStop: {exec: {command: ['/bin/sh', '-c', 'sleep 5']}}}}),
          ],
        }),
      ],
      [/preStop sleep/],
    ],
    [
      'nginx stopped with the default SIGTERM',
      [deployment({containers: [wrapper(['--', 'nginx', '-g', 'daemon off;'])]})],
      [/nginx is stopped with SIGTERM, its fast stop .*--stop-signal SIGQUIT/],
    ],
    [
      'nginx stopped with --stop-signal INT',
      [deployment({containers: [wrapper(['--stop-signal', 'INT', '--', '/usr/sbin/nginx'])]})],
      [/nginx is stopped with SIGINT/],
    ],
    [
      'nginx stopped with SIGQUIT',
      [deployment({containers: [wrapper(['--stop-signal', '3', '--', 'nginx'])]})],
      [],
    ],
    [
      'nginx image with graceful as ENTRYPOINT and GRACEFUL_* variables',
      [
        deployment({
          containers: [{name: 'web', image: 'nginx:1.27', env: [{name: 'GRACEFUL_DRAIN', value: '5s'}]}],
        }),
      ],
      [/nginx is stopped with SIGTERM/],
    ],
    [
      'headless Service publishing not-ready addresses',
      [{kind: 'Service', metadata: {name: 'db'}, spec: {clusterIP: 'None', publishNotReadyAddresses: true}}],
      [/^Service\/db: headless Service with publishNotReadyAddresses: true/],
    ],
    [
      'a headless Service without it is fine',
      [{kind: 'Service', metadata: {name: 'db'}, spec: {clusterIP: 'None'}}],
      [],
    ],
    [
      'native sidecar, hooked, within the grace period',
      [
        deployment({
          terminationGracePeriodSeconds: 120,
          initContainers: [sidecar(['--drain', '45s', '--refuse', '15s'])],
          containers: [hooked()],
        }),
      ],
      [],
    ],
    [
      'sidecar among the main containers',
      [deployment({containers: [hooked(), sidecar([])]})],
      [/container graceful: graceful sidecar is not a native sidecar/],
    ],
    [
      'sidecar init container without restartPolicy Always',
      [deployment({initContainers: [sidecar([], {restartPolicy: undefined})], containers: [hooked()]})],
      [/not a native sidecar/],
    ],
    [
      'sidecar but no preStop httpGet to its port',
      [deployment({initContainers: [sidecar(['--health-port', '9000'])], containers: [hooked(8090)]})],
      [/no container has lifecycle.preStop.httpGet \{path: \/prestop, port: 9000\}/],
    ],
    [
      'sidecar: drain + mongos quiesce + refuse over the grace period',
      [
        deployment({
          terminationGracePeriodSeconds: 60,
          initContainers: [sidecar(['--drain', '45s', '--refuse', '15s'])],
          containers: [hooked()],
        }),
      ],
      [
        /drain \+ the server's stop \+ refuse \(45s \+ 15s \+ 15s = 1m15s\) exceed terminationGracePeriodSeconds \(1m\)/,
      ],
    ],
    [
      'sidecar: a preStop sleep on the main container',
      [
        deployment({
          initContainers: [sidecar([])],
          containers: [
            hooked(),
            {name: 'helper', image: 'busybox', lifecycle: {preStop: {exec: {command: ['sleep', '10']}}}},
          ],
        }),
      ],
      [/container helper: a preStop sleep stacks on graceful's 10s drain/],
    ],
    [
      'sidecar: nginx told to stop with SIGTERM',
      [
        deployment({
          initContainers: [sidecar([])],
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              lifecycle: {stopSignal: 'SIGTERM', preStop: {httpGet: {path: '/prestop', port: 8090}}},
            },
          ],
        }),
      ],
      [/container nginx: nginx is stopped with SIGTERM/],
    ],
    [
      'pods without graceful and other kinds are left alone',
      [
        deployment({containers: [{name: 'x', image: 'nginx', lifecycle: {preStop: {sleep: {seconds: 30}}}}]}),
        {kind: 'ConfigMap'},
      ],
      [],
    ],
  ])('%s', (_name, objects, expected) => {
    const found = messages(objects);
    expect(found).toHaveLength(expected.length);
    expected.forEach((pattern, index) => {
      expect(found[index]).toMatch(pattern);
    });
  });
});

describe('readGracefulUse', () => {
  test.each<[ContainerSpec, ReturnType<typeof readGracefulUse>]>([
    [{name: 'a', image: 'app'}, undefined],
    [
      {name: 'a', command: ['/usr/local/bin/graceful', '--drain', '5s', '--', 'app', '--drain', '1s']},
      {mode: 'wrapper', options: {drain: '5s'}, command: ['app', '--drain', '1s']},
    ],
    [
      {name: 'a', command: ['node', 'dist/graceful.cjs', 'sidecar', '--refuse=2s']},
      {mode: 'sidecar', options: {refuse: '2s'}, command: []},
    ],
    [
      {name: 'a', image: 'registry/graceful:1', args: ['sidecar']},
      {mode: 'sidecar', options: {}, command: []},
    ],
    [
      {name: 'a', image: 'x', env: [{name: 'GRACEFUL_STOP_SIGNAL', value: 'SIGQUIT'}]},
      {mode: 'wrapper', options: {'stop-signal': 'SIGQUIT'}, command: []},
    ],
  ])('%j', (container, use) => {
    expect(readGracefulUse(container)).toEqual(use);
  });
});

describe('parseManifests', () => {
  test('reads every document, skipping empty ones', () => {
    expect(parseManifests('kind: A\n---\n---\nkind: B\n').map((object) => object.kind)).toEqual(['A', 'B']);
  });

  test('a syntax error names its line', () => {
    expect(() => parseManifests('kind: A\nspec: [\n')).toThrow(/line/);
  });
});
