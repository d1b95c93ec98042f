import {describe, expect, test} from 'vitest';
import {normalizePlanOptions} from '../../../src/plan/options.ts';
import {type PlanInput, planWindows} from '../../../src/plan/windows.ts';

const input = (overrides: Partial<PlanInput>): PlanInput => ({
  dnsTtlMs: 30_000,
  propagationMs: 2_000,
  clientCacheMs: 0,
  server: 'generic',
  serverStopMs: undefined,
  mode: 'wrapper',
  ...overrides,
});

describe('planWindows', () => {
  test.each([
    // dns, propagation, client cache, server, server stop → drain, stop-timeout, refuse, grace period (s)
    [30_000, 2_000, 0, 'generic', undefined, 32_000, 10_000, 5_000, 55],
    [30_000, 2_000, 60_000, 'mongos', undefined, 32_000, 20_000, 60_000, 125],
    [30_000, 2_000, 30_000, 'nginx', undefined, 32_000, 15_000, 30_000, 85],
    [5_000, 1_000, 0, 'nginx', undefined, 6_000, 15_000, 5_000, 35],
    [5_000, 0, 0, 'generic', 0, 5_000, 5_000, 5_000, 20],
    [0, 0, 0, 'generic', 0, 0, 5_000, 5_000, 15],
    [30_000, 2_000, 3_000, 'generic', 45_000, 32_000, 50_000, 5_000, 100],
    [120_000, 5_000, 300_000, 'mongos', undefined, 125_000, 20_000, 300_000, 490],
  ] as const)(
    'dns %d + propagation %d, client cache %d, %s stop %s → drain %d, stop %d, refuse %d, grace %d s',
    (dnsTtlMs, propagationMs, clientCacheMs, server, serverStopMs, drainMs, stopMs, refuseMs, graceS) => {
      const plan = planWindows(input({dnsTtlMs, propagationMs, clientCacheMs, server, serverStopMs}));
      expect([plan.drain.ms, plan.stopTimeout.ms, plan.refuse.ms, plan.gracePeriodSeconds]).toEqual([
        drainMs,
        stopMs,
        refuseMs,
        graceS,
      ]);
    },
  );

  test.each([
    ['wrapper', 'generic'],
    ['sidecar', 'mongos'],
    ['wrapper', 'nginx'],
  ] as const)('%s/%s: the windows and the margin fit in the grace period', (mode, server) => {
    const plan = planWindows(input({mode, server, clientCacheMs: 60_000}));
    const totalMs = plan.drain.ms + plan.stopTimeout.ms + plan.refuse.ms;
    expect(plan.gracePeriodSeconds * 1_000).toBeGreaterThanOrEqual(totalMs + 5_000);
    expect(plan.gracePeriodSeconds % 5).toBe(0);
  });

  test('every window has one line of reasoning naming its inputs', () => {
    const plan = planWindows(input({server: 'mongos', clientCacheMs: 60_000}));
    expect(plan.drain.reason).toContain('--dns-ttl 30s');
    expect(plan.drain.reason).toContain('--propagation 2s');
    expect(plan.stopTimeout.reason).toContain('mongos quiesces 15s');
    expect(plan.refuse.reason).toContain('--client-cache 1m');
    expect(plan.gracePeriodReason).toContain('1m52s');
    for (const reason of [plan.drain.reason, plan.stopTimeout.reason, plan.refuse.reason]) {
      expect(reason).not.toContain('\n');
    }
  });

  test('--server-stop replaces the profile in the reasoning', () => {
    expect(planWindows(input({serverStopMs: 7_000})).stopTimeout.reason).toContain('needs 7s to stop');
  });
});

describe('normalizePlanOptions', () => {
  test('defaults: kubeadm DNS, 2 s propagation, no client cache, generic server beside a sidecar', () => {
    expect(normalizePlanOptions({})).toEqual({
      dnsTtlMs: 30_000,
      propagationMs: 2_000,
      clientCacheMs: 0,
      server: 'generic',
      serverStopMs: undefined,
      mode: 'sidecar',
      mesh: undefined,
      loadBalancers: [],
      drainReadiness: 'unready',
      healthPort: undefined,
    });
  });

  test.each([
    [
      {dnsTtl: 'soon'},
      '--dns-ttl: expected a duration such as 250ms, 45s, 2m, 1m30s or a number of seconds, got "soon"',
    ],
    [{propagation: '-1'}, '--propagation: expected a duration'],
    [{clientCache: 'x'}, '--client-cache: expected a duration'],
    [{serverStop: '1y'}, '--server-stop: expected a duration'],
    [
      {server: 'apache'},
      '--server: expected one of generic, nginx, mongos, mongod, haproxy, envoy, httpd, postgres, redis, java, node, got "apache"',
    ],
    [{mode: 'daemonset'}, '--mode: expected one of wrapper, sidecar, got "daemonset"'],
    [{healthPort: '70000'}, '--health-port: expected a TCP port from 1 to 65535, got "70000"'],
    [{healthPort: 'http'}, '--health-port: expected a TCP port from 1 to 65535, got "http"'],
    [{mesh: 'consul'}, '--mesh: expected one of istio, linkerd, got "consul"'],
    [{lb: ['aws-nlb', 'azure']}, '--lb: expected one of aws-nlb, aws-alb, gke, got "azure"'],
    [{drainReadiness: 'maybe'}, '--drain-readiness: expected one of unready, ready, got "maybe"'],
  ])('%j is a usage error', (options, message) => {
    expect(() => normalizePlanOptions(options)).toThrow(message);
  });
});

describe('planWindows with load balancers', () => {
  // aws-load-balancer-controller #2366, #3270 (NLB ~2 min), #2366 (ALB ~17 s), GKE 3 s x 2 failures.
  test.each([
    [['aws-nlb'], 120_000],
    [['aws-alb'], 32_000],
    [['gke'], 32_000],
    [['gke', 'aws-nlb'], 120_000],
    [[], 32_000],
  ] as const)('--lb %j → drain %d', (loadBalancers, drainMs) => {
    const plan = planWindows(input({loadBalancers: [...loadBalancers]}));
    expect(plan.drain.ms).toBe(drainMs);
    if (drainMs > 32_000) {
      expect(plan.drain.reason).toMatch(/^--lb aws-nlb: AWS NLB IP targets .*#2366, #3270/);
    }
  });

  test('a short DNS drain is raised to the ALB time', () => {
    expect(
      planWindows(input({dnsTtlMs: 5_000, propagationMs: 1_000, loadBalancers: ['aws-alb']})).drain.ms,
    ).toBe(17_000);
  });
});
