import {execFileSync} from 'node:child_process';
import {accessSync, constants} from 'node:fs';

export type Prerequisite =
  | 'root'
  | 'nginx'
  | 'dnsmasq'
  | 'netns'
  | 'iptables'
  | 'tini'
  | 'dumb-init'
  | 'unshare'
  | 'qemu-aarch64'
  | 'promtool';

const SEARCH_PATH = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];

// The absolute path of a program, searching sbin too; undefined when absent.
export const findProgram = (name: string): string | undefined => {
  for (const directory of SEARCH_PATH) {
    try {
      accessSync(`${directory}/${name}`, constants.X_OK);
      return `${directory}/${name}`;
    } catch {}
  }

  return undefined;
};

const isRoot = (): boolean => process.getuid?.() === 0;

const canUseNetns = (): boolean => {
  if (!isRoot() || findProgram('ip') === undefined) {
    return false;
  }

  try {
    execFileSync(findProgram('ip') ?? 'ip', ['netns', 'list'], {stdio: 'ignore'});
    return true;
  } catch {
    return false;
  }
};

const CHECKS: Record<Prerequisite, () => boolean> = {
  root: isRoot,
  nginx: () => findProgram('nginx') !== undefined,
  dnsmasq: () => findProgram('dnsmasq') !== undefined,
  netns: canUseNetns,
  iptables: () => isRoot() && findProgram('iptables') !== undefined,
  tini: () => findProgram('tini') !== undefined,
  'dumb-init': () => findProgram('dumb-init') !== undefined,
  unshare: () => isRoot() && findProgram('unshare') !== undefined,
  'qemu-aarch64': () => findProgram('qemu-aarch64') !== undefined,
  promtool: () => findProgram('promtool') !== undefined,
};

// True when a test needing these must be skipped. In CI a missing prerequisite is an error, never a skip;
// elsewhere the skip is announced loudly.
export const missing = (...needs: Prerequisite[]): boolean => {
  const absent = needs.filter((need) => !CHECKS[need]());
  if (absent.length === 0) {
    return false;
  }

  const reason = `missing prerequisite: ${absent.join(', ')} (run npm test as root on Debian to install and use them)`;
  if (process.env.CI === 'true') {
    throw new Error(`CI must run every test, but ${reason}`);
  }

  console.warn(`\n!!! SKIPPING: ${reason}\n`);
  return true;
};
