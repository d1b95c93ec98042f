import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {execa} from 'execa';
import {expect, onTestFinished, test} from 'vitest';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
};
// npm and npx with this test's Node.js (24) first on PATH, whatever the system's is.
const env = {PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, GRACEFUL_LOG_FORMAT: 'json'};

const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}));
  return dir;
};

// npm pack of this checkout, as the README's install commands use it.
const pack = async (): Promise<{tarball: string; files: string[]}> => {
  const packed = tempDir('graceful-pack-');
  // global-setup has built dist/; `prepare` would rebuild it under the other test files' feet.
  const result = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packed], {
    env,
  });
  const [info] = JSON.parse(result.stdout) as [{filename: string; files: {path: string}[]}];
  return {tarball: join(packed, info.filename), files: info.files.map((file) => file.path).sort()};
};

const VERSION_LINE = `${packageJson.name} ${packageJson.version} (npm package) on Node.js ${process.version}, linux-${process.arch}`;

test('the package is graceful-pod (the name graceful belongs to another project) and its command is graceful', () => {
  expect(packageJson.name).toBe('graceful-pod');
  expect(Object.keys(packageJson.bin)).toEqual(['graceful']);
  expect(readFileSync('README.md', 'utf8')).toContain(
    `npm install --global ./${packageJson.name}-${packageJson.version}.tgz`,
  );
});

test('npm pack holds only the entry and its chunks, package.json, README, CHANGELOG and LICENSE; installed into an empty project, npx graceful works', async () => {
  expect(packageJson.dependencies ?? {}).toEqual({});

  const {tarball, files} = await pack();
  expect(tarball.endsWith(`${packageJson.name}-${packageJson.version}.tgz`)).toBe(true);
  const chunks = files.filter((file) => file.startsWith('dist/chunks/'));
  expect(files.filter((file) => !chunks.includes(file))).toEqual([
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/graceful.mjs',
    'package.json',
  ]);
  // esbuild's code splitting: the lazily loaded parts (the full CLI, pino) and the modules they share.
  expect(chunks.length).toBeGreaterThan(2);
  expect(chunks.every((file) => file.endsWith('.mjs'))).toBe(true);

  const project = tempDir('graceful-install-');
  writeFileSync(join(project, 'package.json'), '{"name": "uses-graceful", "private": true}\n');
  await execa('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], {cwd: project, env});

  const version = await execa('npx', ['graceful', '--version'], {cwd: project, env});
  expect(version.stdout).toBe(VERSION_LINE);
  const wrap = await execa(
    'npx',
    ['graceful', '--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'echo wrapped; exit 3'],
    {cwd: project, env, reject: false},
  );
  expect(wrap.stdout).toBe('wrapped');
  expect(wrap.exitCode).toBe(3);
  expect(wrap.stderr).toContain('"phase":"exited"');
}, 120_000);

test('npm install --global into a prefix: graceful --version and --version --json name the package, its Node.js and the npm form', async () => {
  const {tarball} = await pack();
  const prefix = tempDir('graceful-prefix-');
  await execa(
    'npm',
    ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--offline', tarball],
    {
      env,
    },
  );
  const graceful = join(prefix, 'bin/graceful');

  expect((await execa(graceful, ['--version'], {env})).stdout).toBe(VERSION_LINE);
  expect(JSON.parse((await execa(graceful, ['--version', '--json'], {env})).stdout)).toEqual({
    name: packageJson.name,
    version: packageJson.version,
    form: 'npm',
    node: process.version,
    platform: 'linux',
    arch: process.arch,
  });

  // The process title, as ps shows it: comm and the command line of graceful, the child's parent.
  const title = await execa(
    graceful,
    [
      '--drain',
      '0',
      '--refuse',
      '0',
      '--',
      'sh',
      '-c',
      'cat /proc/$PPID/comm; tr "\\0" "\\n" < /proc/$PPID/cmdline',
    ],
    {env},
  );
  expect(title.stdout.split('\n').filter(Boolean)).toEqual(['graceful', 'graceful']);
}, 120_000);

test("the README's npx --package command runs the packed tarball without installing it", async () => {
  const {tarball} = await pack();
  const cwd = tempDir('graceful-npx-');
  // npx keeps what it installs in npm's cache: give it one of its own.
  const cache = tempDir('graceful-npx-cache-');
  const result = await execa('npx', ['--yes', '--package', tarball, 'graceful', '--version'], {
    cwd,
    env: {...env, npm_config_cache: cache},
  });
  expect(result.stdout).toBe(VERSION_LINE);
}, 120_000);
