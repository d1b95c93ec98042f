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
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

// Reports a failure as graceful's one-line message on stderr; returns the exit status it calls for.
export const reportFailure = (error: unknown): number => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`graceful: ${message.split('\n')[0]}\n`);
  return error instanceof GracefulError ? error.exitCode : 1;
};
