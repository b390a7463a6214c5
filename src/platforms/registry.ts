// The networks Chorus knows, by the id an account file names (`platform: x`). Adding a network is a folder
// under src/platforms/ and one line here. Tests may pass a registry of their own (a test-double network).
import type { AccountRef, Platform, PlatformId } from './types.js';

/** Networks by id. */
export type PlatformRegistry = ReadonlyMap<PlatformId, Platform>;

/** The variables holding the credentials that decide whose account they act for ("A / B"), for messages. */
export function identityCredentialNames(account: AccountRef, platform: Platform): string {
  const roles = platform.account.credentials.filter((role) => role.identity);
  return (roles.length > 0 ? roles : platform.account.credentials)
    .map((role) => account.credentials[role.key])
    .join(' / ');
}

/** Build a registry from a list of platforms. */
export function platformRegistry(platforms: readonly Platform[]): PlatformRegistry {
  return new Map(platforms.map((platform) => [platform.id, platform]));
}
