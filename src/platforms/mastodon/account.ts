// Mastodon's account half: a handle is `user` or `user@instance`, the account file names the instance
// (`server`, or the handle's domain, or mastodon.social), the visibility of its posts and the instance's
// `max_characters` (so lint counts without the network), and one credential, the access token.
import { z } from 'zod';
import type { AccountRef, PlatformAccount, PostRef } from '../types.js';
import { DEFAULT_MAX_CHARACTERS, mastodonSettings } from './text.js';

/** The instance an account is on when neither `server` nor the handle says. */
export const DEFAULT_SERVER = 'https://mastodon.social';

// Mastodon usernames: letters, digits and "_", with "." or "-" only inside (Account::USERNAME_RE), ≤ 30.
const USERNAME = /^[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*$/u;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/u;

/** The local part and domain of a handle (`user@instance` or `user`, with or without a leading "@"). */
export function splitHandle(handle: string): { username: string; domain: string | undefined } {
  const [username = '', domain] = handle.replace(/^@/u, '').split('@');
  return { username, domain: domain?.toLowerCase() };
}

/** The instance's base URL (origin) for an account: `server`, else the handle's domain, else mastodon.social. */
export function serverOf(account: AccountRef): string {
  const configured = mastodonSettings(account).server;
  if (configured) return configured.replace(/\/+$/u, '');
  const { domain } = splitHandle(account.handle);
  return domain ? `https://${domain}` : DEFAULT_SERVER;
}

const stem = (accountId: string) => accountId.toUpperCase().replace(/[^A-Z0-9]/gu, '_');

/** Mastodon's account half. */
export const mastodonAccount: PlatformAccount = {
  isHandle(handle) {
    const { username, domain } = splitHandle(handle);
    if (!USERNAME.test(username) || username.length > 30) return false;
    return domain === undefined || DOMAIN.test(domain);
  },
  handlePattern:
    '^@?[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*(?:@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63})?$',
  handleRule:
    'a Mastodon handle is `user` or `user@instance`: a user name of 1-30 letters, digits or _, with . or - only inside',
  handleExample: 'acme@mastodon.social',
  displayHandle(handle) {
    const { username, domain } = splitHandle(handle);
    return domain ? `@${username}@${domain}` : `@${username}`;
  },
  sameHandle(a, b) {
    const left = splitHandle(a);
    const right = splitHandle(b);
    if (left.username.toLowerCase() !== right.username.toLowerCase()) return false;
    return left.domain === undefined || right.domain === undefined || left.domain === right.domain;
  },
  credentials: [
    {
      key: 'access_token',
      suffix: '_TOKEN',
      defaultName: (accountId) => `CHORUS_${stem(accountId)}_ACCESS_TOKEN`,
      description: 'the access token (scopes write:statuses write:media read:statuses read:accounts)',
      example: 'CHORUS_<ACCOUNT>_ACCESS_TOKEN',
      identity: true,
    },
  ],
  fields: {
    server: z
      .url({
        protocol: /^https?$/u,
        error: 'must be the instance\'s address, e.g. "https://mastodon.social"',
      })
      .optional()
      .describe("The instance's address (default: the handle's domain, else https://mastodon.social)"),
    visibility: z
      .enum(['public', 'unlisted'])
      .default('public')
      .describe('Who sees the posts in timelines: public (default) or unlisted'),
    max_characters: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(DEFAULT_MAX_CHARACTERS)
      .describe(
        "The instance's configuration.statuses.max_characters (default 500); `accounts --check` compares",
      ),
  },
  isOwnPostUrl: (url: URL, account: AccountRef) => url.host === new URL(serverOf(account)).host,
  postUrl(account: AccountRef, ref: Omit<PostRef, 'url'>) {
    return `${serverOf(account)}/@${encodeURIComponent(splitHandle(account.handle).username)}/${encodeURIComponent(ref.id)}`;
  },
};
