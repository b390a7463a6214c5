// X (formerly Twitter): the text rules of twitter-text, OAuth 1.0a credentials, and the twitter-api-v2
// client, loaded lazily.
import type { Platform } from '../types.js';
import { xAccount } from './account.js';
import { xText } from './text.js';

export const x: Platform = {
  id: 'x',
  name: 'X',
  text: xText,
  account: xAccount,
  async client(options) {
    const { createXPlatformClient } = await import('./client.js');
    return createXPlatformClient(options);
  },
  async sandbox(accounts, options) {
    const { startXSandbox } = await import('./sandbox.js');
    return startXSandbox(accounts, options);
  },
};
