import {rmSync} from 'node:fs';
import {onTestFinished} from 'vitest';
import {type NginxSite, type NginxSiteOptions, writeNginxSite} from '../../scripts/nginx-site.ts';
import {findProgram} from './prerequisites.ts';

// A temporary nginx site for one test (see scripts/nginx-site.ts), removed when the test ends.
export const createNginxSite = (options: Omit<NginxSiteOptions, 'nginx'>): NginxSite => {
  const nginx = findProgram('nginx');
  if (nginx === undefined) {
    throw new Error('nginx is not installed (Debian package nginx-light)');
  }

  const site = writeNginxSite({nginx, ...options});
  onTestFinished(() => rmSync(site.dir, {recursive: true, force: true}));
  return site;
};
