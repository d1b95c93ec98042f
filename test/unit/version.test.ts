import {describe, expect, test} from 'vitest';
import {formatVersion, type VersionInfo} from '../../src/version.ts';

const NPM: VersionInfo = {
  name: 'graceful-pod',
  version: '0.2.0',
  form: 'npm',
  node: 'v22.12.0',
  platform: 'linux',
  arch: 'arm64',
};

describe('formatVersion', () => {
  test.each<[string, VersionInfo, string]>([
    ['the npm package', NPM, 'graceful-pod 0.2.0 (npm package) on Node.js v22.12.0, linux-arm64'],
    [
      'the standalone binary',
      {...NPM, form: 'binary', node: 'v24.21.0', arch: 'x64', tini: '0.19.0-1+b3'},
      'graceful-pod 0.2.0 (standalone binary with tini 0.19.0-1+b3) on Node.js v24.21.0, linux-x64',
    ],
    [
      'a binary built without its build record',
      {...NPM, form: 'binary'},
      'graceful-pod 0.2.0 (standalone binary with tini unknown) on Node.js v22.12.0, linux-arm64',
    ],
  ])('%s', (_, info, line) => {
    expect(formatVersion(info)).toBe(line);
  });
});
