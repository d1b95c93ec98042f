import {describe, expect, test} from 'vitest';
import {
  createTopology,
  parseLabPid,
  podNetwork,
  renderClusterIpRules,
  renderDnsmasqConfig,
  renderHosts,
  renderNginxConfig,
} from '../../lab/topology.ts';

describe('createTopology', () => {
  test('names carry the PID and a random suffix; the PID can be read back for stale-lab cleanup', () => {
    const topology = createTopology(4_194_304, 36 ** 4 - 1);
    expect(topology.id).toBe('gl2hwcg_zzzz');
    expect(topology.nodeNs).toBe('gl2hwcg_zzzz-node');
    expect(topology.clientNs).toBe('gl2hwcg_zzzz-client');
    for (const ns of [topology.nodeNs, topology.clientNs, podNetwork(topology, 12).ns]) {
      expect(parseLabPid(ns)).toBe(4_194_304);
    }
  });

  test.each(['gl2hzxs_zzzz', 'other-node', 'gl2hzxs-node', 'gl2hzxs_zzzz-pod', 'cni-1234'])(
    '%s is no lab namespace',
    (ns) => {
      expect(parseLabPid(ns)).toBeUndefined();
    },
  );

  test('two labs of one process get different names', () => {
    expect(createTopology(1, 5).id).not.toBe(createTopology(1, 6).id);
  });

  test.each([
    [1, '10.244.1.11'],
    [2, '10.244.1.12'],
    [40, '10.244.1.50'],
  ])('pod %d has address %s', (index, address) => {
    expect(podNetwork(createTopology(1, 1), index).address).toBe(address);
  });
});

describe('renderHosts', () => {
  test.each([
    [[], ''],
    [['10.244.1.11'], '10.244.1.11 web\n'],
    [['10.244.1.11', '10.244.1.12'], '10.244.1.11 web\n10.244.1.12 web\n'],
  ])('%j', (addresses, text) => {
    expect(renderHosts('web', addresses)).toBe(text);
  });
});

describe('renderDnsmasqConfig', () => {
  test('listens only on the given address, serves the hosts file with the TTL, forwards nothing', () => {
    const config = renderDnsmasqConfig('/tmp/x/hosts', 7, '127.0.0.1').split('\n');
    expect(config).toEqual(
      expect.arrayContaining([
        'listen-address=127.0.0.1',
        'bind-interfaces',
        'no-resolv',
        'no-hosts',
        'addn-hosts=/tmp/x/hosts',
        'local-ttl=7',
        'local=/cluster.local/',
        // Its own pid file, not /var/run/dnsmasq.pid, which two labs at once would fight over.
        'pid-file=/tmp/x/hosts.dnsmasq.pid',
      ]),
    );
  });
});

describe('renderClusterIpRules', () => {
  test.each([
    [[], []],
    [['10.244.1.11'], ['-j DNAT --to-destination 10.244.1.11:80']],
    [
      ['10.244.1.11', '10.244.1.12'],
      [
        '--probability 0.50000 -j DNAT --to-destination 10.244.1.11:80',
        '-j DNAT --to-destination 10.244.1.12:80',
      ],
    ],
    [
      ['a', 'b', 'c'],
      [
        '--probability 0.33333 -j DNAT --to-destination a:80',
        '--probability 0.50000 -j DNAT --to-destination b:80',
        '-j DNAT --to-destination c:80',
      ],
    ],
  ])('%j: a uniform random spread, like kube-proxy', (endpoints, rules) => {
    const lines = renderClusterIpRules('SVC', '10.96.0.10', 80, endpoints).split('\n');
    expect(lines.slice(0, 2)).toEqual(['*nat', ':SVC - [0:0]']);
    const appended = lines.filter((line) => line.startsWith('-A SVC -d 10.96.0.10/32 -p tcp --dport 80 '));
    expect(appended).toHaveLength(rules.length);
    appended.forEach((line, index) => {
      expect(line.endsWith(rules[index] ?? '')).toBe(true);
    });
    expect(lines.at(-2)).toBe('COMMIT');
  });
});

describe('renderNginxConfig', () => {
  test('stays in the foreground, keeps every path under the prefix, listens on 80', () => {
    const config = renderNginxConfig('/tmp/p', 'pod1');
    expect(config).toContain('daemon off;');
    expect(config).toContain('pid /tmp/p/nginx.pid;');
    expect(config).toContain('listen 80;');
    expect(config).not.toContain('limit_rate');
  });

  test('a rate limit slows the answers down', () => {
    expect(renderNginxConfig('/tmp/p', 'pod1', '1k')).toContain('limit_rate 1k;');
  });
});
