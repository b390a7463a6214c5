// The environment publish and accounts see: the process environment over the workspace's `.env` file, and
// the X endpoint, which only the real environment may set. The only code that reads environment variables.

import { parseEnv } from 'node:util';
import { UsageError, WorkspaceError } from '../errors.js';
import { isAllowedCredentialName } from '../model/secrets.js';
import type { Account } from '../model/types.js';
import { apiUrlProblem } from '../publish/endpoint.js';
import type { CredentialLookup } from '../publish/publisher.js';
import { readWorkspaceFile, UnsafeFileError } from '../workspace/safe-file.js';

/** Variables that decide where credentials are sent: only the real environment may set them. */
export const ENDPOINT_VARIABLES: readonly string[] = ['CHORUS_X_API_URL'];

/** `.env` files larger than this are refused (a few dozen NAME=value lines is normal). */
export const MAX_DOTENV_BYTES = 1024 * 1024;

/**
 * Merge `<root>/.env` (when present) under the real environment: a variable set in the environment
 * wins. `.env` is a workspace file, so it goes through the safe door (no link out, regular, bounded),
 * and it may not set Chorus's settings (CHORUS_X_API_URL: where the credentials are sent).
 */
export async function workspaceEnv(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string | undefined>> {
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
 * set). A name a workspace file may not use (see isAllowedCredentialName) is never looked up: it counts
 * as not set, so no other secret of the environment can be sent even if validation were bypassed.
 */
export function lookupCredentials(
  account: Account,
  env: Readonly<Record<string, string | undefined>>,
): CredentialLookup {
  const names = account.credentials;
  const value = (name: string) => {
    if (!isAllowedCredentialName(name)) return undefined;
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const missing = [names.appKey, names.appSecret, names.accessToken, names.accessSecret].filter(
    (name) => value(name) === undefined,
  );
  if (missing.length > 0) return { missing };
  return {
    credentials: {
      appKey: value(names.appKey)!,
      appSecret: value(names.appSecret)!,
      accessToken: value(names.accessToken)!,
      accessSecret: value(names.accessSecret)!,
    },
  };
}
