/** A failure the command line reports as one clear message and an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Wrong words on the command line: exit code 2, like argparse. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}
