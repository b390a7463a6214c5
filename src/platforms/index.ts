// The networks Chorus ships with. Adding one: a folder under src/platforms/ and one entry here.
import { mastodon } from './mastodon/index.js';
import { bluesky } from './bluesky/index.js';
import { platformRegistry } from './registry.js';
import { weibo } from './weibo/index.js';
import { x } from './x/index.js';

/** Every network an account file may name, by id. */
export const BUILTIN_PLATFORMS = platformRegistry([x, bluesky, mastodon, weibo]);
