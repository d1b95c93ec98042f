import * as sea from 'node:sea';
import packageJson from '../package.json' with {type: 'json'};

// The SEA asset in which scripts/build-binary.ts records what else went into the binary.
export const BUILD_ASSET = 'build.json';

// What `graceful --version` reports: enough to tell which artifact runs, and on what.
export interface VersionInfo {
  name: string;
  version: string;
  // The npm package's bundle run by an installed Node.js, or the standalone binary with its own Node.js.
  form: 'npm' | 'binary';
  node: string;
  platform: string;
  arch: string;
  // The Debian version of the tini the binary carries.
  tini?: string;
}

// The facts about this very process.
export const readVersionInfo = (): VersionInfo => {
  const info: VersionInfo = {
    name: packageJson.name,
    version: packageJson.version,
    form: sea.isSea() ? 'binary' : 'npm',
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  };
  if (info.form === 'binary') {
    try {
      info.tini = (JSON.parse(sea.getAsset(BUILD_ASSET, 'utf8')) as {tini: string}).tini;
    } catch {
      // A binary built without the record still answers --version: its tini is then "unknown".
    }
  }

  return info;
};

// One line for people: `graceful-pod 0.1.0 (npm package) on Node.js v24.21.0, linux-x64`.
export const formatVersion = (info: VersionInfo): string => {
  const form = info.form === 'npm' ? 'npm package' : `standalone binary with tini ${info.tini ?? 'unknown'}`;
  return `${info.name} ${info.version} (${form}) on Node.js ${info.node}, ${info.platform}-${info.arch}`;
};
