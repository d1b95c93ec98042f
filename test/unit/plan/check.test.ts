import {describe, expect, test} from 'vitest';
import {type CheckOptions, checkManifests, formatFinding, preStopSleepMs} from '../../../src/plan/check.ts';
import {readGracefulUse} from '../../../src/plan/graceful-use.ts';
import {type ContainerSpec, readManifests} from '../../../src/plan/manifest.ts';

type Container = Partial<ContainerSpec> & {name: string};

const deployment = (spec: object, extra: {labels?: object; annotations?: object; kind?: string} = {}) => ({
  apiVersion: 'apps/v1',
  kind: extra.kind ?? 'Deployment',
  metadata: {name: 'web'},
  spec: {
    selector: {matchLabels: {app: 'web'}},
    template: {
      metadata: {labels: {app: 'web', ...extra.labels}, annotations: extra.annotations ?? {}},
      spec,
    },
  },
});

const service = (spec: object, annotations: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {name: 'web', annotations},
  spec: {selector: {app: 'web'}, ports: [{port: 80}], ...spec},
});

const wrapper = (args: string[], extra: Partial<ContainerSpec> = {}): Container => ({
  name: 'server',
  image: 'example/server-with-graceful',
  command: ['graceful', ...args],
  ...extra,
});

const sidecar = (args: string[], extra: Partial<ContainerSpec> = {}): Container => ({
  name: 'graceful',
  image: 'graceful:sidecar',
  args: ['sidecar', ...args],
  restartPolicy: 'Always',
  ...extra,
});

const hooked = (image = 'example/app', extra: Partial<ContainerSpec> = {}): Container => ({
  name: 'app',
  image,
  lifecycle: {preStop: {httpGet: {path: '/prestop', port: 8090}}},
  ...extra,
});

// A sidecar pod whose defaults (drain 10s, refuse 5s, a generic 5s stop) fit in the default 30s.
const sidecarPod = (args: string[] = [], main: Container[] = [hooked()], extra = {}) =>
  deployment({initContainers: [sidecar(args)], containers: main, ...extra});

const messages = (objects: object[], options: CheckOptions = {}): string[] =>
  checkManifests(readManifests(objects), options).map(formatFinding);

describe('checkManifests', () => {
  // Each rule's numbers and their sources: src/kubernetes/facts.ts and src/plan/servers.ts.
  test.each<[string, object[], RegExp[], CheckOptions?]>([
    [
      'wrapper defaults fit in 30 s (PodSpec default)',
      [deployment({containers: [wrapper(['--', 'server'])]})],
      [],
    ],
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
          {kind: 'StatefulSet'},
        ),
      ],
      [],
    ],
    [
      'preStop time counts in the budget (kuberuntime_container.go): 15 + 15 + 10 + 5 > 40',
      [
        deployment({
          terminationGracePeriodSeconds: 40,
          containers: [
            wrapper(['--drain', '15s', '--stop-timeout', '10s', '--', 'x'], {
              lifecycle: {preStop: {sleep: {seconds: 15}}},
            }),
          ],
        }),
      ],
      [
        /preStop \+ drain \+ stop-timeout \+ refuse \(15s \+ 15s \+ 10s \+ 5s = 45s\) exceed .*\(40s\)/,
        /a preStop sleep delays SIGTERM/,
      ],
    ],
    [
      'an exec sleep counts too',
      [
        deployment({
          terminationGracePeriodSeconds: 40,
          containers: [
            wrapper(['--drain', '15s', '--stop-timeout', '10s', '--', 'x'], {
              lifecycle: {preStop: {exec: {command: ['/bin/sh', '-c', 'sleep 15']}}},
            }),
          ],
        }),
      ],
      [/= 45s\) exceed/, /a preStop sleep delays SIGTERM/],
    ],
    [
      '--grace-period differs from the pod',
      [deployment({containers: [wrapper(['--grace-period', '90s', '--', 'x'])]})],
      [/--grace-period 1m30s differs from terminationGracePeriodSeconds \(30s\)/],
    ],
    [
      'a duration graceful would refuse',
      [deployment({containers: [wrapper(['--drain', 'soon', '--', 'x'])]})],
      [/--drain "soon" is no duration: graceful would refuse to start/],
    ],
    [
      'nginx wrapped without --stop-signal: SIGTERM is its fast stop (nginx docs)',
      [deployment({containers: [wrapper(['--', 'nginx', '-g', 'daemon off;'])]})],
      [/nginx is stopped with SIGTERM, its fast stop .*set --stop-signal SIGQUIT/],
    ],
    [
      'httpd wrapped with SIGTERM: graceful-stop is SIGWINCH (httpd docs)',
      [deployment({containers: [wrapper(['--', 'httpd-foreground'])]})],
      [/httpd is stopped with SIGTERM, .*set --stop-signal SIGWINCH/],
    ],
    [
      'nginx wrapped with SIGQUIT is right',
      [deployment({containers: [wrapper(['--stop-signal', 'SIGQUIT', '--', 'nginx'])]})],
      [],
    ],
    [
      'the kubelet stop signal is not a shutdown signal of graceful: no drain',
      [deployment({containers: [wrapper(['--', 'x'], {lifecycle: {stopSignal: 'SIGQUIT'}})]})],
      [/lifecycle.stopSignal SIGQUIT is not one of graceful's --shutdown-signals/],
    ],
    [
      'wrapper on a stock image, which has no graceful',
      [
        deployment({
          containers: [wrapper(['--stop-signal', 'SIGQUIT', '--', 'nginx'], {image: 'nginx:1.27'})],
        }),
      ],
      [/nginx:1.27 is the stock image, which has no graceful binary/],
    ],
    ['sidecar defaults fit', [sidecarPod()], []],
    [
      'sidecar that is no native sidecar (KEP-753)',
      [deployment({containers: [hooked(), sidecar([], {restartPolicy: undefined})]})],
      [/graceful sidecar is not a native sidecar/],
    ],
    [
      'sidecar whose /prestop nobody calls',
      [sidecarPod(['--health-port', '9000'])],
      [/no container has lifecycle.preStop.httpGet \{path: \/prestop, port: 9000\}/],
    ],
    [
      "sidecar budget uses nginx's real stop: 32 + 10 + 5 > 40",
      [sidecarPod(['--drain', '32s'], [hooked('nginx:1.27')], {terminationGracePeriodSeconds: 40})],
      [/32s drain \+ 10s nginx stop \+ 5s refuse = 47s exceed terminationGracePeriodSeconds \(40s\)/],
    ],
    [
      'sidecar budget: postgres stops in up to 60 s (pg_ctl default)',
      [sidecarPod([], [hooked('postgres:17')], {terminationGracePeriodSeconds: 60})],
      [/10s drain \+ 1m postgres stop \+ 5s refuse = 1m15s exceed/],
    ],
    [
      '--server-stop overrides the image',
      [sidecarPod([], [hooked('postgres:17')], {terminationGracePeriodSeconds: 60})],
      [],
      {serverStopMs: 20_000},
    ],
    [
      'a preStop sleep in another container counts when it is the longest',
      [
        sidecarPod(
          [],
          [hooked(), {name: 'helper', image: 'busybox', lifecycle: {preStop: {sleep: {seconds: 25}}}}],
        ),
      ],
      [
        /25s preStop \+ 5s generic stop \+ 5s refuse = 35s exceed/,
        /container helper: a preStop sleep stacks on graceful's 10s drain/,
      ],
    ],
    [
      'sidecar: nginx told to stop with SIGTERM',
      [
        sidecarPod(
          [],
          [
            hooked('nginx:1.27', {
              lifecycle: {preStop: {httpGet: {path: '/prestop', port: 8090}}, stopSignal: 'SIGTERM'},
            }),
          ],
        ),
      ],
      [/container app: nginx is stopped with SIGTERM, its fast stop: keep the image's STOPSIGNAL SIGQUIT/],
    ],
    [
      'headless Service with publishNotReadyAddresses (CoreDNS keeps terminating pods)',
      [service({clusterIP: 'None', publishNotReadyAddresses: true})],
      [/Service\/web: headless Service with publishNotReadyAddresses: true/],
    ],
    [
      'a pod without graceful behind a headless Service is a note',
      [deployment({containers: [{name: 'app', image: 'example/app'}]}), service({clusterIP: 'None'})],
      [/^note: Deployment\/web: behind headless Service\/web without graceful/],
    ],
    [
      'a pod without graceful behind a ClusterIP Service: nothing to say',
      [deployment({containers: [{name: 'app', image: 'example/app'}]}), service({})],
      [],
    ],
    [
      "Istio's proxy exits 5 s after SIGTERM by default (istio#34855)",
      [sidecarPod([], [hooked()], {}), service({})].map((object, index) =>
        index === 0
          ? deployment((object as {spec: {template: {spec: object}}}).spec.template.spec, {
              annotations: {
                'sidecar.istio.io/inject': 'true',
                'traffic.sidecar.istio.io/excludeInboundPorts': '8090',
              },
            })
          : object,
      ),
      [
        /Istio's proxy exits terminationDrainDuration 5s after SIGTERM, before the server is done \(drain \+ stop = 15s\): set the pod annotation proxy.istio.io\/config: '\{"terminationDrainDuration": "15s"\}'/,
      ],
    ],
    [
      'Istio with a long enough terminationDrainDuration, under STRICT mTLS without the port excluded',
      [
        deployment(
          {initContainers: [sidecar([])], containers: [hooked()]},
          {annotations: {'proxy.istio.io/config': '{"terminationDrainDuration": "20s"}'}},
        ),
        {
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          metadata: {name: 'default'},
          spec: {mtls: {mode: 'STRICT'}},
        },
      ],
      [
        /container graceful: the kubelet's preStop GET to port 8090 is plaintext, which STRICT mTLS rejects: set the pod annotation traffic.sidecar.istio.io\/excludeInboundPorts: "8090"/,
      ],
    ],
    [
      'Istio by --mesh (namespace-wide injection); PERMISSIVE makes the port a note',
      [
        deployment(
          {initContainers: [sidecar([])], containers: [hooked()]},
          {annotations: {'proxy.istio.io/config': 'terminationDrainDuration: 15s'}},
        ),
      ],
      [/^note: .*preStop GET to port 8090 is plaintext and STRICT mTLS would reject it/],
      {mesh: 'istio'},
    ],
    [
      'an explicit Istio opt-out wins over --mesh',
      [deployment({containers: [wrapper(['--', 'x'])]}, {annotations: {'sidecar.istio.io/inject': 'false'}})],
      [],
      {mesh: 'istio'},
    ],
    [
      'a mesh proxy injected as a native sidecar outlives the server (KEP-753)',
      [
        deployment(
          {
            initContainers: [{name: 'istio-proxy', image: 'istio/proxyv2', restartPolicy: 'Always'}],
            containers: [wrapper(['--', 'x'])],
          },
          {annotations: {'sidecar.istio.io/inject': 'true'}},
        ),
      ],
      [],
    ],
    [
      "Linkerd's proxy refuses on TERM unless proxy-wait-before-exit-seconds covers the drain",
      [deployment({containers: [wrapper(['--', 'x'])]}, {annotations: {'linkerd.io/inject': 'enabled'}})],
      [
        /Linkerd's proxy refuses new requests 0s after SIGTERM, .*\(drain \+ stop = 20s\): set the pod annotation config.alpha.linkerd.io\/proxy-wait-before-exit-seconds: "20"/,
      ],
    ],
    [
      'Linkerd with the wait set',
      [
        deployment(
          {containers: [wrapper(['--', 'x'])]},
          {
            annotations: {
              'linkerd.io/inject': 'enabled',
              'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '20',
            },
          },
        ),
      ],
      [],
    ],
    [
      'AWS NLB IP targets: about 2 minutes (aws-load-balancer-controller #2366, #3270)',
      [
        sidecarPod(),
        service(
          {type: 'LoadBalancer'},
          {
            'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
            'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          },
        ),
      ],
      [
        /container graceful: Service\/web: AWS NLB IP targets keep receiving new connections for about 2m .*: set --drain 2m or more/,
      ],
    ],
    [
      'AWS ALB through an Ingress with target-type ip: about 17 s (#2366)',
      [
        sidecarPod(),
        service({}),
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: {name: 'web', annotations: {'alb.ingress.kubernetes.io/target-type': 'ip'}},
          spec: {
            ingressClassName: 'alb',
            rules: [
              {
                http: {
                  paths: [
                    {path: '/', pathType: 'Prefix', backend: {service: {name: 'web', port: {number: 80}}}},
                  ],
                },
              },
            ],
          },
        },
      ],
      [/Ingress\/web: AWS ALB kept sending about 17s .*: set --drain 17s or more/],
    ],
    [
      'a TargetGroupBinding counts as an NLB',
      [
        sidecarPod(['--drain', '2m'], [hooked()], {terminationGracePeriodSeconds: 140}),
        service({}),
        {
          apiVersion: 'elbv2.k8s.aws/v1beta1',
          kind: 'TargetGroupBinding',
          metadata: {name: 'tgb'},
          spec: {serviceRef: {name: 'web', port: 80}, targetGroupARN: 'arn:x', targetType: 'ip'},
        },
      ],
      [],
    ],
    [
      'GKE NEG: 3 s health checks x 2 failures',
      [sidecarPod(), service({}, {'cloud.google.com/neg': '{"ingress": true}'})],
      [
        /GKE load balancer health-checks every 3s and needs 2 failures: up to 12s, longer than the 10s drain: set --drain 12s/,
      ],
    ],
    [
      'externalTrafficPolicy: Local needs serving terminating endpoints (KEP-1669)',
      [sidecarPod(), service({type: 'LoadBalancer', externalTrafficPolicy: 'Local'})],
      [/Service\/web has externalTrafficPolicy: Local, .*: set --drain-readiness ready/],
    ],
    [
      'externalTrafficPolicy: Local with --drain-readiness ready',
      [
        sidecarPod(['--drain-readiness', 'ready']),
        service({type: 'LoadBalancer', externalTrafficPolicy: 'Local'}),
      ],
      [],
    ],
    [
      'a Service in another namespace selects nothing here',
      [
        {...sidecarPod(), metadata: {name: 'web', namespace: 'a'}},
        {
          ...service({type: 'LoadBalancer', externalTrafficPolicy: 'Local'}),
          metadata: {name: 'web', namespace: 'b'},
        },
      ],
      [],
    ],
    [
      'CronJob, Pod, Job, DaemonSet and Argo Rollout templates are all checked',
      [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: {name: 'c'},
          spec: {
            schedule: '* * * * *',
            jobTemplate: {spec: {template: {spec: {containers: [wrapper(['--drain', '1m', '--', 'x'])]}}}},
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {name: 'p'},
          spec: {containers: [wrapper(['--drain', '1m', '--', 'x'])]},
        },
        {
          ...deployment({containers: [wrapper(['--drain', '1m', '--', 'x'])]}, {kind: 'DaemonSet'}),
          metadata: {name: 'd'},
        },
        {
          ...deployment({containers: [wrapper(['--drain', '1m', '--', 'x'])]}),
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          metadata: {name: 'r'},
        },
      ],
      [
        /^CronJob\/c container server: drain/,
        /^Pod\/p container server: drain/,
        /^DaemonSet\/d container server: drain/,
        /^Rollout\/r container server: drain/,
      ],
    ],
  ])('%s', (_name, objects, expected, options) => {
    const found = messages(objects, options);
    expect(found).toHaveLength(expected.length);
    for (const [index, pattern] of expected.entries()) {
      expect(found[index]).toMatch(pattern);
    }
  });

  test('skips what has no pod template, by name, and unrolls kind: List', () => {
    const manifests = readManifests([
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          deployment({containers: [{name: 'a'}]}),
          {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}},
        ],
      },
      null,
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: {name: 'r'},
        spec: {workloadRef: {kind: 'Deployment', name: 'web'}},
      },
    ]);
    expect(manifests.workloads.map((workload) => [workload.resource, workload.specPath])).toEqual([
      ['Deployment/web', ['items', 0, 'spec', 'template', 'spec']],
    ]);
    expect(manifests.skipped).toEqual([
      {resource: 'ConfigMap/c', document: 1, reason: 'no pod template'},
      {resource: 'Rollout/r', document: 3, reason: expect.stringMatching(/workloadRef/)},
    ]);
  });
});

describe('readManifests rejects what Kubernetes would, naming document and path', () => {
  const template = (spec: unknown) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'web'},
    spec: {template: {spec}},
  });
  test.each<[string, unknown, string]>([
    [
      'package.json',
      {name: 'graceful', version: '1.0.0'},
      'document 1: not a Kubernetes object: expected apiVersion and kind',
    ],
    ['a scalar', 'hello', 'document 1: expected a map, got "hello" (string)'],
    [
      'a null container',
      template({containers: [null]}),
      'document 1: spec.template.spec.containers[0]: expected a map, got null',
    ],
    [
      'containers: "notalist"',
      template({containers: 'notalist'}),
      'spec.template.spec.containers: expected a list, got "notalist" (string)',
    ],
    [
      'no containers',
      template({containers: []}),
      'spec.template.spec.containers: expected a list of at least one container, got none',
    ],
    [
      'initContainers as a map',
      template({containers: [{name: 'a'}], initContainers: {name: 'b'}}),
      'spec.template.spec.initContainers: expected a list, got a map',
    ],
    [
      'a negative grace period',
      template({containers: [{name: 'a'}], terminationGracePeriodSeconds: -1}),
      'spec.template.spec.terminationGracePeriodSeconds: expected a whole number of at least 0, got -1 (number)',
    ],
    [
      'a number in args',
      template({containers: [{name: 'a', args: ['--port', 8080]}]}),
      'spec.template.spec.containers[0].args[1]: expected a string, got 8080 (number)',
    ],
    [
      'a container without a name',
      template({containers: [{image: 'x'}]}),
      'spec.template.spec.containers[0].name: expected a string, got null',
    ],
    [
      'a preStop port of 0',
      template({containers: [{name: 'a', lifecycle: {preStop: {httpGet: {port: 0}}}}]}),
      'lifecycle.preStop.httpGet.port: expected a port number from 1 to 65535 or a port name, got 0 (number)',
    ],
    [
      'a label that is a number',
      {
        ...template({containers: [{name: 'a'}]}),
        spec: {template: {metadata: {labels: {tier: 1}}, spec: {containers: [{name: 'a'}]}}},
      },
      'spec.template.metadata.labels.tier: expected a string, got 1 (number)',
    ],
    [
      'a broken proxy.istio.io/config',
      {
        ...template({}),
        spec: {
          template: {
            metadata: {annotations: {'proxy.istio.io/config': '{"terminationDrainDuration": "soon"}'}},
            spec: {containers: [{name: 'a'}]},
          },
        },
      },
      'spec.template.metadata.annotations["proxy.istio.io/config"].terminationDrainDuration: expected a duration such as 45s, got "soon"',
    ],
    [
      'a List item that is no object',
      {apiVersion: 'v1', kind: 'List', items: [{kind: 'Pod'}]},
      'document 1: items[0]: not a Kubernetes object',
    ],
  ])('%s', (_name, document, message) => {
    expect(() => readManifests([document])).toThrow(message);
    try {
      readManifests([document]);
    } catch (error) {
      expect((error as {exitCode: number}).exitCode).toBe(2);
    }
  });
});

describe('preStopSleepMs', () => {
  test.each<[ContainerSpec['lifecycle'], number | undefined]>([
    [{preStop: {sleep: {seconds: 15}}}, 15_000],
    [{preStop: {sleep: {seconds: 0}}}, 0],
    [{preStop: {exec: {command: ['sleep', '5']}}}, 5_000],
    [{preStop: {exec: {command: ['/bin/sh', '-c', 'sleep 2.5; nginx -s quit']}}}, 2_500],
    [{preStop: {exec: {command: ['/bin/sh', '-c', 'nginx -s quit']}}}, undefined],
    [{preStop: {httpGet: {path: '/prestop', port: 8090}}}, undefined],
    [undefined, undefined],
  ])('%j → %s', (lifecycle, ms) => {
    expect(preStopSleepMs({name: 'a', ...(lifecycle === undefined ? {} : {lifecycle})})).toBe(ms);
  });
});

describe('readGracefulUse', () => {
  test.each<[ContainerSpec, ReturnType<typeof readGracefulUse>]>([
    [{name: 'a', image: 'nginx'}, undefined],
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
      {name: 'a', args: ['--', 'x'], env: [{name: 'GRACEFUL_DRAIN_READINESS', value: 'ready'}]},
      {mode: 'wrapper', options: {'drain-readiness': 'ready'}, command: ['x']},
    ],
  ])('%j', (container, use) => {
    expect(readGracefulUse(container)).toEqual(use);
  });
});
