import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import {basename, join, resolve} from 'node:path';
import {inject} from 'postject';
import {BUILD_ASSET} from '../src/version.ts';
import {BINARY_BUNDLE, buildBinaryBundle} from './build.ts';

// Node.js architecture → Debian architecture, for each standalone binary graceful ships.
export const BINARY_ARCHES = {x64: 'amd64', arm64: 'arm64'} as const;
export type BinaryArch = keyof typeof BINARY_ARCHES;

const WORK = resolve('dist/.binary');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const INSTALLED_TINI = '/usr/bin/tini-static';

// The path of the standalone binary for an architecture.
export const binaryPath = (arch: BinaryArch): string => resolve(`dist/graceful-linux-${arch}`);
// sha256sum's list of the binaries, beside them: `cd dist && sha256sum -c SHA256SUMS`.
export const CHECKSUMS = resolve('dist/SHA256SUMS');

const run = (file: string, args: string[], cwd = WORK): string =>
  execFileSync(file, args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});

// The official Node.js binary of this very version: the running one, or the registry's node-linux-<arch> package.
const fetchNode = (arch: BinaryArch): string => {
  if (arch === process.arch) {
    return process.execPath;
  }

  const directory = join(WORK, `node-linux-${arch}`);
  const node = join(directory, 'package/bin/node');
  if (!existsSync(node)) {
    mkdirSync(directory, {recursive: true});
    const tarball = run(
      'npm',
      ['pack', '--silent', `node-linux-${arch}@${process.versions.node}`],
      directory,
    ).trim();
    run('tar', ['-xzf', tarball, 'package/bin/node'], directory);
  }

  return node;
};

// Debian's statically linked tini for an architecture (package tini, /usr/bin/tini-static) and its Debian version:
// the installed one for this machine's architecture, else downloaded with apt-get.
const fetchTini = (arch: BinaryArch): {path: string; version: string} => {
  if (arch === process.arch && existsSync(INSTALLED_TINI)) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query expands ${Version}
    return {path: INSTALLED_TINI, version: run('dpkg-query', ['-W', '-f=${Version}', 'tini'])};
  }

  const debianArch = BINARY_ARCHES[arch];
  const directory = join(WORK, `tini-${debianArch}`);
  const tini = join(directory, 'usr/bin/tini-static');
  mkdirSync(directory, {recursive: true});
  const found = () => readdirSync(directory).find((name) => name.endsWith(`_${debianArch}.deb`));
  const deb = found();
  if (existsSync(tini) && deb !== undefined) {
    return {path: tini, version: run('dpkg-deb', ['-f', deb, 'Version'], directory).trim()};
  }

  const download = () => run('apt-get', ['download', '-q', `tini:${debianArch}`], directory);
  try {
    download();
  } catch {
    // A fresh machine or image has no package lists, and a foreign architecture must be enabled first.
    if (process.getuid?.() !== 0) {
      throw new Error(`cannot download tini:${debianArch}: run npm run build:binary as root once`);
    }

    if (arch !== process.arch) {
      run('dpkg', ['--add-architecture', debianArch]);
    }

    run('apt-get', ['update', '-qq']);
    download();
  }

  const downloaded = found();
  if (downloaded === undefined) {
    throw new Error(`apt-get download tini:${debianArch} left no .deb in ${directory}`);
  }

  run('dpkg-deb', ['-x', downloaded, '.'], directory);
  return {path: tini, version: run('dpkg-deb', ['-f', downloaded, 'Version'], directory).trim()};
};

/*
Builds dist/graceful-linux-<arch>: Node.js with graceful's one-file CommonJS bundle as its script and tini
injected. The script comes with V8's code cache, made by this Node.js, so only the binary of this machine's
architecture gets it.
*/
export const buildBinary = async (arch: BinaryArch, bundle: string): Promise<string> => {
  const config = join(WORK, `sea-${arch}.json`);
  const blob = join(WORK, `sea-${arch}.blob`);
  const tini = fetchTini(arch);
  // What --version reports about the binary besides graceful and Node.js.
  const build = join(WORK, `build-${arch}.json`);
  writeFileSync(build, JSON.stringify({tini: tini.version}));
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: arch === process.arch,
      // NODE_OPTIONS and the command line must not make the binary load code or open the inspector. SIGUSR1 is
      // taken by graceful's own handler from its first instruction (src/signals) and forwarded; --disable-sigusr1
      // would keep it blocked, so servers that reopen logs on SIGUSR1 (nginx) would never get it.
      execArgvExtension: 'none',
      assets: {tini: tini.path, [BUILD_ASSET]: build},
    }),
  );
  // The blob must be made by the same Node.js version as the binary it goes into: this one.
  run(process.execPath, ['--experimental-sea-config', config]);

  const output = binaryPath(arch);
  copyFileSync(fetchNode(arch), output);
  chmodSync(output, 0o755);
  try {
    // Node.js ships with its symbols and debug information: 18 MB of the binary.
    run(arch === 'arm64' && process.arch !== 'arm64' ? 'aarch64-linux-gnu-strip' : 'strip', [output]);
  } catch {
    console.warn(`build:binary: could not strip ${output}; it stays larger`);
  }

  await inject(output, 'NODE_SEA_BLOB', readFileSync(blob), {sentinelFuse: SEA_FUSE});
  return output;
};

// Builds the binary for each architecture; only the building machine's own is required to succeed.
export const buildBinaries = async (
  arches = Object.keys(BINARY_ARCHES) as BinaryArch[],
): Promise<string[]> => {
  mkdirSync(WORK, {recursive: true});
  await buildBinaryBundle();
  const bundle = BINARY_BUNDLE;
  const built: string[] = [];
  for (const arch of arches) {
    try {
      built.push(await buildBinary(arch, bundle));
    } catch (error) {
      if (arch === process.arch) {
        throw error;
      }

      console.warn(`build:binary: skipped linux-${arch}: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  writeFileSync(CHECKSUMS, formatChecksums(built));
  return built;
};

// The lines of a SHA256SUMS file for `files`, as sha256sum prints them (text mode: two spaces, then the name).
export const formatChecksums = (files: string[]): string =>
  files
    .map((file) => `${createHash('sha256').update(readFileSync(file)).digest('hex')}  ${basename(file)}\n`)
    .join('');

if (import.meta.main) {
  for (const path of await buildBinaries()) {
    console.log(path);
  }
}
