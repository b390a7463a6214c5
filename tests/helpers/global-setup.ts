// Vitest global setup: installs the test-only Bluesky server once (tests/servers/bluesky/install.mjs), before
// any test runs, so the Bluesky tests run on a fresh machine with the README's `npm test`. Idempotent: when the
// install is there and matches its lock file, this costs a few file reads.
import { ensureInstalled } from '../servers/bluesky/install.mjs';

export default function setup(): void {
  ensureInstalled();
}
