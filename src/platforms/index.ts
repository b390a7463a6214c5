// The networks Chorus ships with. Adding one: a folder under src/platforms/ and one entry here.
import { platformRegistry } from './registry.js';
import { x } from './x/index.js';

/** Every network an account file may name, by id. */
export const BUILTIN_PLATFORMS = platformRegistry([x]);
