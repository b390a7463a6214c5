// The Chorus version, and the key of lint's cache. This file must stay two folders below the package root
// (src/cli/ → dist/cli/, or the bundle's dist/bundle/): it finds package.json and build-id.txt from there.
import { readFileSync } from 'node:fs';

/** The version in package.json. */
export function packageVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * What lint's cache depends on besides the files: the Chorus version and, for a built CLI, the build
 * (scripts/bundle.js writes a hash of the bundle to build-id.txt), so a cache written by another build
 * of the same version (e.g. after pulling main) is never used.
 */
export function lintCacheKey(): string {
  let build = '';
  try {
    build = readFileSync(new URL('./build-id.txt', import.meta.url), 'utf8').trim();
  } catch {
    // Not the bundle (dist/cli or tests): the version alone.
  }
  return build ? `${packageVersion()}+${build}` : packageVersion();
}
