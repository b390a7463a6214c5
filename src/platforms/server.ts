// Where an account's credentials may be sent. A server named in a workspace file is untrusted input (anyone
// who commits may change it, and CI runs with the brand's secrets), so credentials go only to the network's
// default server or to one the real environment allows: CHORUS_ALLOWED_SERVERS, a comma-separated list of
// origins (https; plain http only for this machine).
import { apiUrlProblem } from './endpoint.js';

/** The environment variable listing the servers (origins) credentials may be sent to besides the defaults. */
export const ALLOWED_SERVERS_VARIABLE = 'CHORUS_ALLOWED_SERVERS';

/** The origin of a URL ("https://bsky.social"), or undefined when it is not a URL. */
export function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * Why credentials may not be sent to `server`, or undefined when they may: it must be an acceptable URL
 * (https, or http on this machine, no user or password) and either one of the network's `defaults` or
 * listed in CHORUS_ALLOWED_SERVERS.
 */
export function serverProblem(
  server: string,
  defaults: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const problem = apiUrlProblem(server);
  if (problem) return `the server ${problem}`;
  const origin = originOf(server)!;
  const allowed = new Set(
    [...defaults, ...(env[ALLOWED_SERVERS_VARIABLE] ?? '').split(',')]
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .map((entry) => originOf(entry))
      .filter((entry): entry is string => entry !== undefined),
  );
  if (allowed.has(origin)) return undefined;
  return `the server ${origin} is not allowed to receive credentials: only ${[...defaults].join(', ') || 'servers'} and those listed in ${ALLOWED_SERVERS_VARIABLE} (set in the real environment, e.g. by CI) are`;
}
