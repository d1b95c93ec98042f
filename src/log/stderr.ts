// Not an import: importing node:fs into an ES module reads every export, and its lazy streams cost each start 3 ms.
const {constants, fstatSync, openSync, write} = process.getBuiltinModule('node:fs');

// At most this much of graceful's own output waits for a slow stderr; beyond it, lines are dropped and counted.
const MAX_PENDING_BYTES = 256 * 1024;
// How long a write that found the pipe full waits before it tries again.
const RETRY_MS = 50;
// How long a SIGPIPE waits for graceful's own write under way to tell whether it failed with EPIPE.
const SIGPIPE_WAIT_MS = 100;

// graceful's own output on a descriptor it shares with the child, written without ever blocking the event loop.
export interface StderrWriter {
  write: (text: string) => void;
  // Settles once everything queued is written, or after `timeoutMs` when stderr does not move.
  flush: (timeoutMs: number) => Promise<void>;
  // Calls `listener` with the number of lines dropped, once stderr takes lines again after dropping some.
  onResumed: (listener: (dropped: number) => void) => void;
  // True once if a SIGPIPE that just arrived was raised by graceful's own write to a pipe without a reader.
  claimSigpipe: () => boolean | Promise<boolean>;
}

/*
graceful shares stderr with the child, so it must neither change the descriptor (a stream object for a pipe sets
O_NONBLOCK on the shared file description, and the child's writes then fail with EAGAIN) nor wait on it (a
blocking write to a pipe nobody reads stops the event loop, and with it the windows and the health endpoints).
So lines are queued and written with fs.write on a libuv pool thread, and for a pipe through a file description of
graceful's own (ownDescriptor) that never blocks. While stderr does not move, new lines wait up to
MAX_PENDING_BYTES, then are dropped; `onResumed` hears how many once stderr moves again.
*/
export const createStderrWriter = (open: () => number): StderrWriter => {
  let fd: number | undefined;
  let onResumed = (_dropped: number): void => {};
  let pending: string[] = [];
  let pendingBytes = 0;
  let dropped = 0;
  let writing: Promise<void> | undefined;
  // The write under way, if any: it settles with its error.
  let current: Promise<NodeJS.ErrnoException | null> | undefined;
  // A write to a pipe without a reader raises SIGPIPE at graceful before it fails with EPIPE.
  let unclaimedEpipes = 0;
  let closed = false;

  const writeAll = (buffer: Buffer): Promise<NodeJS.ErrnoException | null> =>
    new Promise((resolve) => {
      fd ??= open();
      const next = (offset: number): void => {
        write(fd ?? 2, buffer, offset, buffer.length - offset, null, (error, written) => {
          if (error?.code === 'EAGAIN') setTimeout(() => next(offset), RETRY_MS);
          else if (error !== null) resolve(error);
          else if (offset + written < buffer.length) next(offset + written);
          else resolve(null);
        });
      };
      next(0);
    });

  const drain = async (): Promise<void> => {
    while (pending.length > 0 && !closed) {
      const buffer = Buffer.from(pending.join(''));
      pending = [];
      pendingBytes = 0;
      current = writeAll(buffer);
      const error = await current;
      current = undefined;
      if (error?.code === 'EPIPE') {
        unclaimedEpipes += 1;
        closed = true;
      } else if (error !== null) {
        closed = true;
      }

      if (dropped > 0 && !closed) {
        const count = dropped;
        dropped = 0;
        onResumed(count);
      }
    }

    writing = undefined;
  };

  return {
    onResumed: (listener) => {
      onResumed = listener;
    },
    write: (text) => {
      if (closed) return;
      if (pendingBytes + text.length > MAX_PENDING_BYTES) {
        dropped += 1;
        return;
      }

      pending.push(text);
      pendingBytes += text.length;
      writing ??= drain();
    },
    flush: async (timeoutMs) => {
      if (writing === undefined) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        writing,
        new Promise<void>((resolve) => {
          // Not unref'd: graceful's exit waits for this, and nothing else may be left to keep it running.
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
    claimSigpipe: () => {
      const claim = (): boolean => {
        if (unclaimedEpipes === 0) return false;
        unclaimedEpipes -= 1;
        return true;
      };
      // The signal can be handled before the failed write's callback: then wait for that write, briefly, since a
      // write that fails with EPIPE returns at once.
      if (unclaimedEpipes > 0 || current === undefined) return claim();
      return Promise.race([current, new Promise((resolve) => setTimeout(resolve, SIGPIPE_WAIT_MS))]).then(
        claim,
      );
    },
  };
};

/*
A pipe's file description is shared with the child, so graceful must not make it non-blocking, and a blocking
write to a pipe nobody reads would hold a pool thread for good, which process.exit then waits for. For a pipe,
graceful opens a description of its own of the same pipe through /proc and makes that one non-blocking. Any other
stderr (a file, a terminal) is written as it is.
*/
export const ownDescriptor = (fd: number): number => {
  try {
    if (!fstatSync(fd).isFIFO()) return fd;
    return openSync(`/proc/self/fd/${fd}`, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    // No /proc, or a pipe without a reader (ENXIO): the shared description it is.
    return fd;
  }
};

// graceful's stderr, for its logs and its status line; opened on its first line.
export const stderr = createStderrWriter(() => ownDescriptor(2));
