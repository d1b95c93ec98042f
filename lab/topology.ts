// Names and addresses of one lab. Every lab gets its own namespaces (the id holds the PID and a random
// suffix, so parallel test runs never meet); the 10.244/16 and 10.96/16 addresses exist only inside them.

// One lab's namespace names and fixed addresses.
export interface Topology {
  id: string;
  // The "node": routes between the client and the pods, /32 per pod plus a blackhole like a CNI.
  nodeNs: string;
  // Where clients, dnsmasq and the ClusterIP DNAT rules live.
  clientNs: string;
  nodeAddress: string;
  clientAddress: string;
  dnsAddress: string;
  clusterIp: string;
  serviceName: string;
}

// Makes the names of a new lab: `gl<pid in base 36>_<random>`, so a later lab can find leftovers of a
// lab whose process died (see parseLabPid).
export const createTopology = (pid: number, random: number): Topology => {
  const id = `gl${pid.toString(36)}_${random.toString(36)}`;
  return {
    id,
    nodeNs: `${id}-node`,
    clientNs: `${id}-client`,
    nodeAddress: '10.244.0.1',
    clientAddress: '10.244.0.2',
    dnsAddress: '127.0.0.1',
    clusterIp: '10.96.0.10',
    serviceName: 'web.lab.svc.cluster.local',
  };
};

// The namespace, node-side interface name and IP of pod number `index` (1, 2, ...).
export const podNetwork = (topology: Topology, index: number) => ({
  ns: `${topology.id}-pod${index}`,
  // Inside the lab's own node namespace, so no other lab can clash with it.
  hostInterface: `v${index}`,
  address: `10.244.1.${10 + index}`,
});

// The PID of the process that made a lab's namespace, from its name; undefined for other namespaces.
export const parseLabPid = (ns: string): number | undefined => {
  const match = /^gl([0-9a-z]+)_[0-9a-z]+-(?:node|client|pod\d+)$/.exec(ns);
  return match?.[1] === undefined ? undefined : Number.parseInt(match[1], 36);
};

// The hosts file dnsmasq serves for the headless Service: one line per ready endpoint, oldest first.
export const renderHosts = (name: string, addresses: readonly string[]): string =>
  addresses.map((address) => `${address} ${name}\n`).join('');

// dnsmasq's configuration: authoritative for cluster.local from a hosts file, with the given TTL, on
// 127.0.0.1 inside the client namespace only; its pid file beside the hosts file, since labs run side by side.
export const renderDnsmasqConfig = (hostsFile: string, ttlSeconds: number, address: string): string =>
  [
    'port=53',
    `pid-file=${hostsFile}.dnsmasq.pid`,
    `listen-address=${address}`,
    'bind-interfaces',
    'no-resolv',
    'no-hosts',
    'no-poll',
    `addn-hosts=${hostsFile}`,
    `local-ttl=${ttlSeconds}`,
    'local=/cluster.local/',
    'user=root',
    'log-facility=-',
    '',
  ].join('\n');

// kube-proxy's iptables mode for one ClusterIP: endpoint i of n is chosen with probability 1/(n-i), so
// the spread is uniform. Applied with iptables-restore --noflush, which swaps the chain atomically.
export const renderClusterIpRules = (
  chain: string,
  clusterIp: string,
  port: number,
  endpoints: readonly string[],
): string => {
  const lines = ['*nat', `:${chain} - [0:0]`];
  endpoints.forEach((endpoint, index) => {
    const left = endpoints.length - index;
    const match = left > 1 ? `-m statistic --mode random --probability ${(1 / left).toFixed(5)} ` : '';
    lines.push(
      `-A ${chain} -d ${clusterIp}/32 -p tcp --dport ${port} ${match}-j DNAT --to-destination ${endpoint}:${port}`,
    );
  });
  lines.push('COMMIT', '');
  return lines.join('\n');
};

// An nginx configuration for a pod: port 80, one worker, `ok <pod>` answers, everything under prefix.
export const renderNginxConfig = (prefix: string, podName: string, limitRate?: string): string => `daemon off;
master_process on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  keepalive_timeout 30s;
  keepalive_requests 100000;
  server {
    listen 80;
    location / {
      ${limitRate === undefined ? '' : `limit_rate ${limitRate};`}
      return 200 "ok ${podName}${limitRate === undefined ? '' : ` ${'.'.repeat(2_000)}`}\\n";
    }
  }
}
`;
