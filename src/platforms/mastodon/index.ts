// Mastodon as a Chorus network: the pure text and account halves, and the `masto` client loaded on first use.
import type { Platform } from '../types.js';
import { mastodonAccount } from './account.js';
import { mastodonText } from './text.js';

/** The Mastodon platform (`platform: mastodon`). */
export const mastodon: Platform = {
  id: 'mastodon',
  name: 'Mastodon',
  text: mastodonText,
  account: mastodonAccount,
  async client(options) {
    const { createMastodonClient } = await import('./client.js');
    return createMastodonClient(options);
  },
  async sandbox(accounts) {
    const { startMastodonSandbox } = await import('./sandbox.js');
    return startMastodonSandbox(accounts);
  },
};
