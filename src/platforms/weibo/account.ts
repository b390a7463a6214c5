// Weibo's account half: the handle is the account's nickname (screen_name), the account file names the app's
// registered secure domain (`safe_domain`, which every shared post must link to) and one credential, the
// OAuth2 access token.
import { z } from 'zod';
import type { PlatformAccount } from '../types.js';

// Nicknames: Chinese characters, letters, digits, "_" and "-" (https://open.weibo.com/wiki/2/users/show).
const NICKNAME = /^[\p{Script=Han}A-Za-z0-9_-]{1,30}$/u;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/u;

const stem = (accountId: string) => accountId.toUpperCase().replace(/[^A-Z0-9]/gu, '_');

/** Weibo's account half. */
export const weiboAccount: PlatformAccount = {
  isHandle: (handle) => NICKNAME.test(handle.replace(/^@/u, '')),
  handlePattern: '^@?[\\u3400-\\u9fffA-Za-z0-9_-]{1,30}$',
  handleRule: 'a Weibo nickname has 1-30 Chinese characters, letters, digits, _ or -',
  handleExample: '示例品牌',
  displayHandle: (handle) => `@${handle.replace(/^@/u, '')}`,
  sameHandle: (a, b) => a.replace(/^@/u, '').toLowerCase() === b.replace(/^@/u, '').toLowerCase(),
  credentials: [
    {
      key: 'access_token',
      suffix: '_TOKEN',
      defaultName: (accountId) => `CHORUS_${stem(accountId)}_ACCESS_TOKEN`,
      description: 'the OAuth2 access token of the app for this account',
      example: 'CHORUS_<ACCOUNT>_ACCESS_TOKEN',
      identity: true,
    },
  ],
  fields: {
    safe_domain: z
      .string()
      .regex(DOMAIN, 'must be a domain name such as "shop.example.cn" (no scheme, no path)')
      .describe("The app's registered secure domain (安全域名): every post must link to it or a subdomain"),
  },
  postUrl: (_account, ref) => `https://m.weibo.cn/status/${encodeURIComponent(ref.id)}`,
  postUrlHosts: ['m.weibo.cn', 'weibo.com'],
};
