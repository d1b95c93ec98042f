import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export interface NginxSite {
  // The argv that runs this nginx in the foreground: [nginx, -p, dir, -c, conf, -e, stderr, -g, daemon off;].
  command: string[];
  dir: string;
  // Bytes of /slow.bin, which nginx sends at `slowRate` bytes per second.
  slowBytes: number;
}

export interface NginxSiteOptions {
  nginx: string;
  port: number;
  host?: string;
  slowBytes?: number;
  slowRate?: string;
}

// Writes a self-contained nginx site in a new temp dir: `/` answers 200 "ok", `/slow.bin` trickles out slowly.
export const writeNginxSite = ({
  nginx,
  port,
  host = '127.0.0.1',
  slowBytes = 192 * 1024,
  slowRate = '64k',
}: NginxSiteOptions): NginxSite => {
  const dir = mkdtempSync(join(tmpdir(), 'graceful-nginx-'));
  mkdirSync(join(dir, 'www'));
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(join(dir, 'www', 'slow.bin'), Buffer.alloc(slowBytes, 'x'));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${dir}/tmp/${name};`)
    .join('\n    ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    // As root, nginx would switch its workers to nobody, who cannot read a private temp dir.
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
    access_log off;
    ${temp}
    server {
        listen ${host}:${port} reuseport;
        root ${dir}/www;
        location = /slow.bin { limit_rate ${slowRate}; }
        location = / { return 200 "ok\\n"; }
    }
}
`,
  );
  return {
    command: [nginx, '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'],
    dir,
    slowBytes,
  };
};
