import {describe, expect, test} from 'vitest';
import {parseAllDocuments} from 'yaml';
import {injectManifests} from '../../../src/inject/inject.ts';
import {type InjectOptionsInput, normalizeInjectOptions} from '../../../src/inject/options.ts';
import {checkManifests, formatFinding} from '../../../src/plan/check.ts';
import {parseDocuments, readManifests} from '../../../src/plan/manifest.ts';
import {validateKubernetesObject} from '../../helpers/kubernetes.ts';

const inject = (text: string, options: InjectOptionsInput = {}) =>
  injectManifests(text, normalizeInjectOptions(options));
const check = (text: string, options = {}) =>
  checkManifests(readManifests(parseDocuments(text)), options)
    .filter((item) => item.level === 'problem')
    .map(formatFinding);
const objects = (text: string) => parseAllDocuments(text).map((document) => document.toJS());

const DEPLOYMENT = `# the shop
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop # keep me
spec:
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: app
          image: example/shop:1
          args: ["--port", "8080"]
          ports:
            - containerPort: 8080
`;

describe('injectManifests', () => {
  test('sidecar: native sidecar first, preStop /prestop, grace period from plan; comments and flow style kept', () => {
    const {text, reports} = inject(DEPLOYMENT);
    expect(text.startsWith('# the shop\napiVersion: apps/v1\n')).toBe(true);
    expect(text).toContain('name: shop # keep me');
    expect(text).toContain('matchLabels: {app: shop}');
    expect(text).toContain('args: ["--port", "8080"]');
    const [deployment] = objects(text);
    const spec = deployment.spec.template.spec;
    expect(spec.initContainers[0]).toMatchObject({
      name: 'graceful',
      image: 'graceful:sidecar',
      restartPolicy: 'Always',
    });
    expect(spec.initContainers[0].args).toEqual([
      'sidecar',
      '--health-port',
      '8090',
      '--ready-tcp',
      '8080',
      '--drain',
      '32s',
      '--refuse',
      '5s',
      '--grace-period',
      '55s',
    ]);
    expect(spec.containers[0].lifecycle).toEqual({preStop: {httpGet: {path: '/prestop', port: 8090}}});
    expect(spec.terminationGracePeriodSeconds).toBe(55);
    expect(reports).toEqual([
      'Deployment/shop: sidecar added (drain 32s, refuse 5s, terminationGracePeriodSeconds 55)',
    ]);
    expect(check(text)).toEqual([]);
    expect(() => validateKubernetesObject(deployment)).not.toThrow();
  });

  test('a second run changes nothing', () => {
    const once = inject(DEPLOYMENT).text;
    const twice = inject(once);
    expect(twice.text).toBe(once);
    expect(twice.reports[0]).toMatch(/left as it is: container graceful already runs graceful as a sidecar/);
  });

  test('kubectl style (sequences at their key indentation) stays kubectl style', () => {
    const kubectl = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: shop',
      'spec:',
      '  containers:',
      '  - image: example/shop:1',
      '    name: app',
      '',
    ].join('\n');
    const {text} = inject(kubectl);
    expect(text).toMatch(/\n {2}containers:\n {2}- image: example\/shop:1\n/);
    expect(text).toMatch(/\n {2}initContainers:\n {2}- name: graceful\n/);
    expect(check(text)).toEqual([]);
  });

  test.each<
    [
      string,
      InjectOptionsInput,
      (text: string) => string,
      (spec: Record<string, never>, metadata: Record<string, never>) => unknown,
      unknown,
    ]
  >([
    [
      'server from the image: nginx needs 10s to stop',
      {},
      (text) => text.replace('example/shop:1', 'nginx:1.27'),
      (spec) => spec.terminationGracePeriodSeconds,
      60,
    ],
    [
      '--server-stop overrides',
      {serverStop: '40s'},
      (text) => text.replace('example/shop:1', 'nginx:1.27'),
      (spec) => spec.terminationGracePeriodSeconds,
      95,
    ],
    [
      'an existing longer grace period stays',
      {},
      (text) =>
        text.replace('      containers:', '      terminationGracePeriodSeconds: 300\n      containers:'),
      (spec) => spec.terminationGracePeriodSeconds,
      300,
    ],
    [
      '--lb aws-nlb: drain 2m',
      {lb: ['aws-nlb']},
      (text) => text,
      (spec) => (spec.initContainers as unknown as {args: string[]}[])[0]?.args.slice(5, 7),
      ['--drain', '2m'],
    ],
    [
      '--mesh istio: proxy kept through drain + stop, port out of the mesh',
      {mesh: 'istio'},
      (text) => text,
      (_spec, metadata) => metadata.annotations,
      {
        'proxy.istio.io/config': '{"terminationDrainDuration":"42s"}',
        'traffic.sidecar.istio.io/excludeInboundPorts': '8090',
      },
    ],
    [
      '--mesh linkerd',
      {mesh: 'linkerd'},
      (text) => text,
      (_spec, metadata) => metadata.annotations,
      {'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '42'},
    ],
    [
      '--health-port 9000',
      {healthPort: '9000'},
      (text) => text,
      (spec) => (spec.containers as unknown as {lifecycle: unknown}[])[0]?.lifecycle,
      {preStop: {httpGet: {path: '/prestop', port: 9000}}},
    ],
  ])('%s', (_name, options, edit, pick, expected) => {
    const {text} = inject(edit(DEPLOYMENT), options);
    const [deployment] = objects(text);
    expect(pick(deployment.spec.template.spec, deployment.spec.template.metadata)).toEqual(expected);
    expect(
      check(text, {mesh: options.mesh, serverStopMs: options.serverStop === undefined ? undefined : 40_000}),
    ).toEqual([]);
    expect(() => validateKubernetesObject(deployment)).not.toThrow();
  });

  test('Services given alongside: externalTrafficPolicy: Local → --drain-readiness ready; an NLB → 2m', () => {
    const service = `---
apiVersion: v1
kind: Service
metadata:
  name: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: shop}
  ports: [{port: 80, targetPort: 8080}]
`;
    const {text} = inject(DEPLOYMENT + service);
    const args = objects(text)[0].spec.template.spec.initContainers[0].args;
    expect(args).toEqual(expect.arrayContaining(['--drain', '2m', '--drain-readiness', 'ready']));
    expect(check(text)).toEqual([]);
    expect(text.endsWith(service.slice(4))).toBe(true);
  });

  test('a preStop sleep is replaced; an exec hook of its own is kept and said', () => {
    const text =
      DEPLOYMENT.replace(
        '          ports:',
        '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 15\n          ports:',
      ) +
      '        - name: log\n          image: busybox\n          lifecycle:\n            preStop:\n              exec:\n                command: [flush-logs]\n';
    const result = inject(text);
    const [app, log] = objects(result.text)[0].spec.template.spec.containers;
    expect(app.lifecycle.preStop).toEqual({httpGet: {path: '/prestop', port: 8090}});
    expect(log.lifecycle.preStop).toEqual({exec: {command: ['flush-logs']}});
    expect(result.reports[0]).toMatch(/; container log keeps its own preStop hook$/);
    expect(check(result.text)).toEqual([]);
  });

  test('wrapper: GRACEFUL_* variables, graceful before the command, readiness on /readyz; nginx stops with SIGQUIT', () => {
    const text = DEPLOYMENT.replace(
      'image: example/shop:1\n          args: ["--port", "8080"]',
      'image: example/nginx-graceful:1.27\n          command: [nginx, -g, "daemon off;"]',
    );
    const result = inject(text, {mode: 'wrapper'});
    const [container] = objects(result.text)[0].spec.template.spec.containers;
    expect(container.command).toEqual(['graceful', '--', 'nginx', '-g', 'daemon off;']);
    expect(container.env).toContainEqual({name: 'GRACEFUL_STOP_SIGNAL', value: 'SIGQUIT'});
    expect(container.readinessProbe.httpGet).toEqual({path: '/readyz', port: 'graceful'});
    expect(check(result.text)).toEqual([]);
    expect(inject(result.text, {mode: 'wrapper'}).text).toBe(result.text);
  });

  test('wrapper without a command: the image ENTRYPOINT must be graceful, said in a comment', () => {
    const {text} = inject(DEPLOYMENT, {mode: 'wrapper'});
    expect(text).toContain("# graceful inject: this image's ENTRYPOINT must be graceful");
    expect(check(text)).toEqual([]);
  });

  test.each([
    [
      '--mode wrapper on a stock image',
      DEPLOYMENT.replace('example/shop:1', 'nginx:1.27'),
      {mode: 'wrapper'},
      /Deployment\/shop: --mode wrapper: container app runs the stock image nginx:1.27, which has no graceful/,
    ],
    [
      'the health port taken',
      DEPLOYMENT.replace('containerPort: 8080', 'containerPort: 8090'),
      {},
      /container app already uses port 8090/,
    ],
    [
      'a malformed template',
      DEPLOYMENT.replace('containers:', 'containers: notalist\n      x:'),
      {},
      /document 1: spec.template.spec.containers: expected a list, got "notalist"/,
    ],
  ])('%s is a usage error', (_name, text, options, message) => {
    expect(() => inject(text, options as InjectOptionsInput)).toThrow(message);
  });

  test('--container protects only the named containers; a name no pod has is a usage error', () => {
    const two = `${DEPLOYMENT}        - name: log\n          image: busybox\n`;
    const [app, log] = objects(inject(two, {container: ['log']}).text)[0].spec.template.spec.containers;
    expect(app.lifecycle).toBeUndefined();
    expect(log.lifecycle.preStop.httpGet.path).toBe('/prestop');
    expect(() => inject(two, {container: ['web']})).toThrow(
      '--container: no pod template here has a container named "web"',
    );
  });

  test('the sidecar meets the restricted Pod Security Standard', () => {
    const [deployment] = objects(inject(DEPLOYMENT).text);
    expect(deployment.spec.template.spec.initContainers[0].securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      allowPrivilegeEscalation: false,
      capabilities: {drop: ['ALL']},
      seccompProfile: {type: 'RuntimeDefault'},
    });
  });

  test('hostNetwork pods are left alone, with the reason', () => {
    const {text, reports} = inject(
      DEPLOYMENT.replace('      containers:', '      hostNetwork: true\n      containers:'),
    );
    expect(text).toBe(DEPLOYMENT.replace('      containers:', '      hostNetwork: true\n      containers:'));
    expect(reports[0]).toMatch(/skipped: hostNetwork pods share the node's IP/);
  });
});

describe('injectManifests on hostile YAML', () => {
  test('an alias shared by two pods is refused, naming document and path', () => {
    const text =
      'apiVersion: v1\nkind: List\nx: &c\n  - {name: a, image: example/a}\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: *c}}\n';
    expect(() => inject(text)).toThrow('document 1: items[0].spec.containers: is the YAML alias *c');
  });

  test('an alias without its anchor is a manifest error, not a crash', () => {
    expect(() => inject('apiVersion: v1\nkind: Pod\nspec: *nothing\n')).toThrow(/^document 1: /);
  });

  test('CRLF line ends stay CRLF', () => {
    const {text} = inject(
      'apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: p}\r\nspec:\r\n  containers: [{name: a, image: x}]\r\n',
    );
    expect(text).toContain('kind: Pod\r\n');
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });

  test('empty input and comment-only documents come back as they were', () => {
    expect(inject('').text).toBe('');
    expect(inject('# nothing here\n').text).toBe('# nothing here\n');
  });
});

describe('--ready-tcp', () => {
  test("a server with a readiness probe of its own keeps it as the pod's readiness: no --ready-tcp", () => {
    const text = DEPLOYMENT.replace(
      '          ports:',
      '          readinessProbe: {tcpSocket: {port: 8080}}\n          ports:',
    );
    const args = objects(inject(text).text)[0].spec.template.spec.initContainers[0].args;
    expect(args).not.toContain('--ready-tcp');
  });
});
