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
