// Not an import: importing node:fs into an ES module reads every export, and its lazy streams cost each start 3 ms.
const {writeSync} = process.getBuiltinModule('node:fs');

// An error that ends graceful with a chosen exit code and a one-line message.
export class GracefulError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'GracefulError';
    this.exitCode = exitCode;
  }
}

// Bad flags, environment or configuration: exit 2, nothing started.
export class UsageError extends GracefulError {
  // The option the message is about: graceful's messages about an option start with it (`--drain: ...`).
  readonly flag: string | undefined;

  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
    this.flag = /^(--[a-z][a-z0-9-]*)[: ]/.exec(message)?.[1];
  }
}

// Reports a failure as graceful's one-line message on stderr; returns the exit status it calls for.
// Written with writeSync, not process.stderr, which would set O_NONBLOCK on a pipe the child may share.
export const reportFailure = (error: unknown): number => {
  const message = error instanceof Error ? error.message : String(error);
  try {
    writeSync(2, `graceful: ${message.split('\n')[0]}\n`);
  } catch {}

  return error instanceof GracefulError ? error.exitCode : 1;
};
