// The environment publish and accounts see: the process environment over the workspace's `.env` file, and
// the X endpoint, which only the real environment may set. The only code that reads environment variables.

import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { UsageError, WorkspaceError } from '../errors.js';
import { type CredentialRole, isAllowedCredentialName } from '../model/secrets.js';
import type { Account } from '../model/types.js';
import { apiUrlProblem } from '../publish/endpoint.js';
import type { CredentialLookup } from '../publish/publisher.js';
import { readWorkspaceFile, UnsafeFileError } from '../workspace/safe-file.js';

/** Variables that decide where credentials are sent: only the real environment may set them. */
export const ENDPOINT_VARIABLES: readonly string[] = ['CHORUS_X_API_URL'];

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
 * and it may not set Chorus's settings (CHORUS_X_API_URL: where the credentials are sent).
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
  for (const name of ENDPOINT_VARIABLES) {
    if (!(name in fromFile)) continue;
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
 * The X API base URL from the real process environment (never from `.env` or a workspace file), or
 * undefined for X itself. https only, except for this machine (a local stand-in or gateway). A bad
 * value is a usage error (exit 2): nothing is sent.
 */
export function apiUrlFrom(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = env.CHORUS_X_API_URL;
  if (value === undefined || value === '') return undefined;
  const problem = apiUrlProblem(value);
  if (problem) {
    throw new UsageError(
      `CHORUS_X_API_URL ${problem}.`,
      'Credentials travel in every request: use an https:// gateway (e.g. https://gateway.example.com/x), or unset CHORUS_X_API_URL to talk to X.',
    );
  }
  return value;
}

/**
 * The four credential values of an account, or the names of those not set (an empty value counts as not
 * set). A name a workspace file may not use for its role (see isAllowedCredentialName), or one shared by
 * two roles, is never looked up: it counts as not set, so no other secret of the environment can be
 * sent, and no secret sent in the clear as a key or token, even if validation were bypassed.
 */
export function lookupCredentials(
  account: Account,
  env: Readonly<Record<string, string | undefined>>,
): CredentialLookup {
  const names = account.credentials;
  const roles: [string, CredentialRole][] = [
    [names.appKey, 'app_key'],
    [names.appSecret, 'app_secret'],
    [names.accessToken, 'access_token'],
    [names.accessSecret, 'access_secret'],
  ];
  // The four names must be distinct; a name used twice counts as not set (validation reports it).
  const distinct = new Set(roles.map(([name]) => name)).size === roles.length;
  const value = (name: string, role: CredentialRole) => {
    if (!distinct || !isAllowedCredentialName(name, role)) return undefined;
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const missing = roles.filter(([name, role]) => value(name, role) === undefined).map(([name]) => name);
  if (missing.length > 0) return { missing };
  return {
    credentials: {
      appKey: value(names.appKey, 'app_key')!,
      appSecret: value(names.appSecret, 'app_secret')!,
      accessToken: value(names.accessToken, 'access_token')!,
      accessSecret: value(names.accessSecret, 'access_secret')!,
    },
  };
}
