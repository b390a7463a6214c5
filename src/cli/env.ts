// The environment publish and accounts see: the process environment over the workspace's `.env` file, and
// the network endpoints and allowed servers, which only the real environment may set. The only code that
// reads environment variables.

import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { UsageError, WorkspaceError } from '../errors.js';
import { isAllowedCredentialName } from '../model/secrets.js';
import type { Account, CredentialRole } from '../model/types.js';
import { apiUrlProblem } from '../platforms/endpoint.js';
import { ALLOWED_SERVERS_VARIABLE } from '../platforms/server.js';
import type { CredentialLookup } from '../publish/publisher.js';
import { readWorkspaceFile, UnsafeFileError } from '../workspace/safe-file.js';

/**
 * Whether a variable decides where credentials are sent (a network's API host, `CHORUS_…_API_URL`, or
 * the servers allowed to receive them, CHORUS_ALLOWED_SERVERS): only the real environment may set these.
 */
export function isEndpointVariable(name: string): boolean {
  return name === ALLOWED_SERVERS_VARIABLE || /^CHORUS_[A-Z0-9_]*_API_URL$/.test(name);
}

/** `.env` files larger than this are refused (a few dozen NAME=value lines is normal). */
export const MAX_DOTENV_BYTES = 1024 * 1024;

/** What Chorus prints (once per run, on stderr) when it ignores a `.env` because CI is set. */
export const DOTENV_IGNORED_IN_CI =
  'chorus: .env is ignored in CI (CI is set); credentials come from the environment\n';

/**
 * Whether the real environment says this is a CI run: `CI` set to anything but empty, `0` or `false`
 * (GitHub Actions, GitLab, CircleCI, Buildkite, Jenkins with the usual plugins… set CI=true).
 */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Merge `<root>/.env` (when present) under the real environment: a variable set in the environment
 * wins. `.env` is a workspace file, so it goes through the safe door (no link out, regular, bounded),
 * and it may not set where the credentials are sent (see isEndpointVariable).
 * In CI (see isCi) `.env` is not read at all: a commit could otherwise add credentials for an account
 * of its own and have it posted with the brand's app key from CI secrets. `stderr` then gets
 * DOTENV_IGNORED_IN_CI once when a `.env` is there.
 */
export async function workspaceEnv(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  stderr: (text: string) => void = () => undefined,
): Promise<Record<string, string | undefined>> {
  if (isCi(env)) {
    if (
      await lstat(path.join(root, '.env')).then(
        () => true,
        () => false,
      )
    ) {
      stderr(DOTENV_IGNORED_IN_CI);
    }
    return { ...env };
  }
  let text: string;
  try {
    text = (await readWorkspaceFile(root, '.env', { maxBytes: MAX_DOTENV_BYTES })).toString('utf8');
  } catch (error) {
    if (error instanceof UnsafeFileError && error.reason === 'missing') return { ...env };
    const unsafe = error instanceof UnsafeFileError ? error : undefined;
    throw new WorkspaceError(
      unsafe
        ? `This file ${unsafe.detail}`
        : `Cannot read .env: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      { file: '.env', ...(unsafe ? { hint: unsafe.hint } : {}) },
    );
  }
  const fromFile = parseEnv(text);
  for (const name of Object.keys(fromFile)) {
    if (!isEndpointVariable(name)) continue;
    const line = text.split('\n').findIndex((l) => new RegExp(`^\\s*(export\\s+)?${name}\\s*=`).test(l));
    throw new WorkspaceError(
      `.env sets ${name}, which only the real environment may set: it decides where Chorus sends the credentials.`,
      {
        file: '.env',
        line: line < 0 ? 1 : line + 1,
        column: 1,
        hint: `Remove the line from .env and set ${name} in the environment of the run (CI settings, your shell).`,
      },
    );
  }
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}

/**
 * The networks' API base URLs from the real process environment (never from `.env` or a workspace file):
 * every `CHORUS_…_API_URL` set, checked. https only, except for this machine (a local stand-in or gateway).
 * A bad value is a usage error (exit 2): nothing is sent.
 */
export function checkEndpoints(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^CHORUS_[A-Z0-9_]*_API_URL$/.test(name) || value === undefined || value === '') continue;
    const problem = apiUrlProblem(value);
    if (problem) {
      throw new UsageError(
        `${name} ${problem}.`,
        `Credentials travel in every request: use an https:// gateway (e.g. https://gateway.example.com/), or unset ${name} to talk to the network itself.`,
      );
    }
    endpoints[name] = value;
  }
  return endpoints;
}

/**
 * The credential values of an account, by role key, or the names of those not set (an empty value counts
 * as not set). A name a workspace file may not use for its role (see isAllowedCredentialName), or one
 * shared by two roles, is never looked up: it counts as not set, so no other secret of the environment can
 * be sent, and no secret sent in the clear as a key or token, even if validation were bypassed.
 */
export function lookupCredentials(
  account: Account,
  roles: readonly CredentialRole[],
  env: Readonly<Record<string, string | undefined>>,
): CredentialLookup {
  const named = roles.map((role) => ({ role, name: account.credentials[role.key] ?? '' }));
  // The names must be distinct; a name used twice counts as not set (validation reports it).
  const distinct = new Set(named.map(({ name }) => name)).size === named.length;
  const value = (name: string, role: CredentialRole) => {
    if (!distinct || !isAllowedCredentialName(name, role.suffix)) return undefined;
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const missing = named.filter(({ name, role }) => value(name, role) === undefined).map(({ name }) => name);
  if (missing.length > 0) return { missing };
  return {
    credentials: Object.fromEntries(named.map(({ name, role }) => [role.key, value(name, role)!])),
  };
}
