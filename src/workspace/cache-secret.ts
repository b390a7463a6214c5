// The key that seals the lint cache (see lint-cache.ts): from CHORUS_CACHE_SECRET in the environment, or
// a random key kept in a file of the user's own, outside any workspace, so a committed cache cannot be sealed.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRegularFile } from './safe-file.js';

const KEY_BYTES = 32;
/** The key file inside the key folder. */
export const CACHE_SECRET_FILE = 'lint-cache.key';

/**
 * The folder of the key file: `$XDG_CACHE_HOME/chorus`, else `$HOME/.cache/chorus`, else a folder of
 * this user's own under the temporary directory (`chorus-<uid>`, mode 0700).
 */
export function cacheSecretFolder(env: Readonly<Record<string, string | undefined>>): string {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME))
    return path.join(env.XDG_CACHE_HOME, 'chorus');
  if (env.HOME && path.isAbsolute(env.HOME)) return path.join(env.HOME, '.cache', 'chorus');
  return path.join(tmpdir(), `chorus-${process.getuid?.() ?? 'user'}`);
}

/**
 * The cache key: CHORUS_CACHE_SECRET when set (CI can keep a cache across machines with a secret of its
 * own), else the key file, created on first use (O_EXCL, mode 0600; a folder or file another user owns
 * is not trusted). Undefined when no key can be had: then no cache is read or written.
 */
export async function cacheSecret(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Uint8Array | undefined> {
  if (env.CHORUS_CACHE_SECRET) return Buffer.from(`chorus-cache:${env.CHORUS_CACHE_SECRET}`, 'utf8');
  const folder = cacheSecretFolder(env);
  const file = path.join(folder, CACHE_SECRET_FILE);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    if (!(await ownedByMe(folder))) return undefined;
    try {
      const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        await handle.writeFile(randomBytes(KEY_BYTES));
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    if (!(await ownedByMe(file))) return undefined;
    const key = await readRegularFile(file, { maxBytes: 1024 });
    return key.length >= KEY_BYTES ? key : undefined;
  } catch {
    return undefined;
  }
}

async function ownedByMe(file: string): Promise<boolean> {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  const info = await stat(file);
  return info.uid === uid;
}
