// The CLI's view of the outside world, so commands take it as a parameter instead of reaching for globals.
import { BUILTIN_PLATFORMS } from '../platforms/index.js';
import type { SecretSet } from '../platforms/redact.js';
import type { PlatformRegistry } from '../platforms/registry.js';
import type { CredentialRole } from '../platforms/types.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The clock; commands that depend on time also accept --now. */
  now: () => Date;
  /** Whether stdout is a terminal that should get colour (TTY, and neither NO_COLOR nor a dumb terminal). */
  color: boolean;
  /**
   * The secret values read in this run: commands add the credentials they look up, and everything written to
   * stdout and stderr (errors included) has them removed. Set by `run`.
   */
  secrets?: SecretSet;
  /** The networks accounts may name; tests add a test double. Default: the ones Chorus ships with. */
  platforms?: PlatformRegistry;
}

/** The networks of this run. */
export function platformsOf(io: Pick<CliIO, 'platforms'>): PlatformRegistry {
  return io.platforms ?? BUILTIN_PLATFORMS;
}

/**
 * Remember the credential values of a lookup, so no output of this run can show them; a role marked
 * `secret: false` (Bluesky's login identifier, most often the handle itself) is not hidden.
 */
export function rememberCredentials<T extends object>(
  io: CliIO,
  lookup: T,
  roles: readonly CredentialRole[] = [],
): T {
  if ('credentials' in lookup) {
    const open = new Set(roles.filter((role) => role.secret === false).map((role) => role.key));
    const values = Object.entries(lookup.credentials as Record<string, string>)
      .filter(([key]) => !open.has(key))
      .map(([, value]) => value);
    io.secrets?.add(values);
  }
  return lookup;
}

/** The real process. */
export function processIO(): CliIO {
  // `chorus … | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const env = process.env;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const color =
    forced || (Boolean(process.stdout.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env,
    cwd: process.cwd(),
    now: () => new Date(),
    color,
  };
}
