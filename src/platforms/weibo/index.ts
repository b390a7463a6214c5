// Sina Weibo as a Chorus network: the pure text and account halves, and the fetch client loaded on first use.
import type { Platform } from '../types.js';
import { weiboAccount } from './account.js';
import { weiboText } from './text.js';

/** The Weibo platform (`platform: weibo`). */
export const weibo: Platform = {
  id: 'weibo',
  name: 'Weibo',
  text: weiboText,
  account: weiboAccount,
  async client(options) {
    const { createWeiboClient } = await import('./client.js');
    return createWeiboClient(options);
  },
  async sandbox(accounts) {
    const { startWeiboSandbox } = await import('./sandbox.js');
    return startWeiboSandbox(accounts);
  },
};
