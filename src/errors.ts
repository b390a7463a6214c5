// The few error classes Chorus uses; only the CLI turns them into exit codes and messages.

/** Exit codes, documented in docs/reference.md#exit-codes. */
export const ExitCode = {
  ok: 0,
  problems: 1,
  usage: 2,
  internal: 3,
} as const;

/** A mistake by the user that Chorus can explain; never shown with a stack trace. */
export class ChorusError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? ExitCode.usage;
    this.hint = options.hint;
  }
}

/** Bad command-line usage: unknown option, bad value (exit 2). */
export class UsageError extends ChorusError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
  }
}

/** A workspace that cannot be used at all (no accounts/ folder, unreadable root), located when possible. */
export class WorkspaceError extends ChorusError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(
    message: string,
    location: { file?: string; line?: number; column?: number; hint?: string; exitCode?: number } = {},
  ) {
    super(message, { exitCode: location.exitCode ?? ExitCode.usage, hint: location.hint });
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
  }
}

/** A bug in Chorus itself. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}
