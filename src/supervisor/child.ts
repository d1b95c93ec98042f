import {type StdioOptions, spawn} from 'node:child_process';
import {inheritedFds} from '../startup/inherited-fds.ts';
import type {ChildOutcome} from './exit-status.ts';
import type {RunOptions} from './options.ts';

export interface Child {
  // undefined when the command could not be started.
  pid: number | undefined;
  // Settles when the child has exited, with how it ended; never rejects.
  exited: Promise<ChildOutcome>;
}

/*
Node.js creates process.stdout and process.stderr on first use, and for a pipe or a socket that sets O_NONBLOCK on
the file description the child shares, so the child's writes fail with EAGAIN. Node touches them itself at times
(node:assert, which pino loads, reads process.stderr.isTTY; so does every warning). Created before the child
exists, the spawn makes the child's 0, 1 and 2 blocking again (libuv does so for every child), and no later use
can change them under the running child. graceful writes through neither (src/log/stderr.ts).
*/
const createStdioStreams = (): void => {
  void process.stdout;
  void process.stderr;
};

// graceful's descriptors 0, 1, 2 and those it inherited above them, each at its own number; the gaps stay closed.
export const inheritStdio = (fds: number[]): StdioOptions => {
  const stdio: StdioOptions = ['inherit', 'inherit', 'inherit'];
  for (let fd = 3; fd <= Math.max(2, ...fds); fd += 1) stdio.push(fds.includes(fd) ? fd : 'ignore');
  return stdio;
};

/*
Starts the command without a shell, in a session and process group of its own, with graceful's descriptors.
node:child_process, not execa: graceful uses none of execa's capture, piping or cleanup, and loading execa
alone takes longer than Node.js' own start-up, on every container start.
*/
export const spawnChild = ({command, args}: Pick<RunOptions, 'command' | 'args'>): Child => {
  createStdioStreams();
  // Own process group: a terminal's Ctrl-C reaches graceful only, and the group can be killed as a whole.
  const child = spawn(command, args, {detached: true, stdio: inheritStdio(inheritedFds)});
  const exited = new Promise<ChildOutcome>((resolve) => {
    // Emitted instead of 'exit' when exec failed (ENOENT, EACCES); graceful sends signals with process.kill.
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve({type: 'spawnFailed', errorCode: error.code}),
    );
    child.once('exit', (code, signal) =>
      resolve(signal === null ? {type: 'exited', code: code ?? 0} : {type: 'signaled', signal}),
    );
  });
  return {pid: child.pid, exited};
};
