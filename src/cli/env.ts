// The environment publish and accounts see: the process environment over the workspace's `.env` file.
// This and the other files in src/cli are the only code that reads environment variables.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { WorkspaceError } from '../errors.js';
import type { Account } from '../model/types.js';
import type { CredentialLookup } from '../publish/publisher.js';

/** Merge `<root>/.env` (when present) under the real environment: a variable set in the environment wins. */
export async function workspaceEnv(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string | undefined>> {
  let text: string;
  try {
    text = await readFile(path.join(root, '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...env };
    throw new WorkspaceError(`Cannot read .env: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`, {
      file: '.env',
    });
  }
  const fromFile = parseEnv(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}

/** The four credential values of an account, or the names of those not set (an empty value counts as not set). */
export function lookupCredentials(
  account: Account,
  env: Readonly<Record<string, string | undefined>>,
): CredentialLookup {
  const names = account.credentials;
  const value = (name: string) => {
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
