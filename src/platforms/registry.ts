// The networks Chorus knows, by the id an account file names (`platform: x`). Adding a network is a folder
// under src/platforms/ and one line here. Tests may pass a registry of their own (a test-double network).
import type { Platform, PlatformId } from './types.js';

/** Networks by id. */
export type PlatformRegistry = ReadonlyMap<PlatformId, Platform>;

/** Build a registry from a list of platforms. */
export function platformRegistry(platforms: readonly Platform[]): PlatformRegistry {
  return new Map(platforms.map((platform) => [platform.id, platform]));
}
