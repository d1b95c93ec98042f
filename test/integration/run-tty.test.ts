import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {CLI, startProcess} from '../helpers/graceful.ts';
import {findProgram} from '../helpers/prerequisites.ts';

// script(1) is in bsdutils, an essential package of every Debian system.
const script = findProgram('script') ?? 'script';

// util-linux's script(1) gives graceful a terminal, as `docker run -t` or a developer's shell would.
describe('on a terminal', () => {
  test('long windows show a live countdown on a status line, below pretty log lines', async () => {
    const command = `exec '${process.execPath}' '${CLI}' --drain 3s --refuse 0 -- sleep 30`;
    const terminal = startProcess(script, ['-qefc', command, '/dev/null']);
    await terminal.waitForStdout(/running: sleep/);
    // script's only child is graceful (exec replaced the shell).
    const graceful = Number(
      readFileSync(`/proc/${terminal.pid}/task/${terminal.pid}/children`, 'utf8').trim(),
    );
    process.kill(graceful, 'SIGTERM');
    await terminal.waitForStdout(/draining: 3s left/);
    await terminal.waitForStdout(/draining: 2s left/);
    await terminal.waitForStdout(/stopping: sent SIGTERM/);
    expect(await terminal.waitForExit()).toMatchObject({exitCode: 143});
    // The countdown is erased before each log line, so no log line starts behind it.
    expect(terminal.stdout()).not.toMatch(/left\[\d\d:/);
  });
});
