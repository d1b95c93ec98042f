import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {execa} from 'execa';
import {expect, onTestFinished, test} from 'vitest';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};
// npm and npx with this test's Node.js (24) first on PATH, whatever the system's is.
const env = {PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, GRACEFUL_LOG_FORMAT: 'json'};

const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}));
  return dir;
};

test('npm pack holds only the bundle, package.json and README; installed into an empty project, npx graceful works', async () => {
  expect(packageJson.dependencies ?? {}).toEqual({});

  const packed = tempDir('graceful-pack-');
  // global-setup has built dist/graceful.cjs; `prepare` would rebuild it under the other test files' feet.
  const pack = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packed], {
    env,
  });
  const [info] = JSON.parse(pack.stdout) as [{filename: string; files: {path: string}[]}];
  expect(info.files.map((file) => file.path).sort()).toEqual([
    'README.md',
    'dist/graceful.cjs',
    'package.json',
  ]);

  const project = tempDir('graceful-install-');
  writeFileSync(join(project, 'package.json'), '{"name": "uses-graceful", "private": true}\n');
  await execa('npm', ['install', '--no-audit', '--no-fund', '--offline', join(packed, info.filename)], {
    cwd: project,
    env,
  });

  const version = await execa('npx', ['graceful', '--version'], {cwd: project, env});
  expect(version.stdout).toBe(packageJson.version);
  const wrap = await execa(
    'npx',
    ['graceful', '--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'echo wrapped; exit 3'],
    {cwd: project, env, reject: false},
  );
  expect(wrap.stdout).toBe('wrapped');
  expect(wrap.exitCode).toBe(3);
  expect(wrap.stderr).toContain('"phase":"exited"');
}, 120_000);
