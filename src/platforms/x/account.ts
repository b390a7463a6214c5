// How an account file names an X account: the handle's shape, the four OAuth 1.0a credentials (their
// variables' names and defaults), and the URL of a post.
import type { AccountRef, CredentialRole, PlatformAccount } from '../types.js';

/** X post ids (and user and media ids) are decimal digit strings (64-bit numbers). */
export const POST_ID = /^[0-9]{1,20}$/;
/** X handles: 1-15 letters, digits or underscores. */
export const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

/** Whether a value has the shape of an X post id (a decimal digit string), so it is safe in a URL or path. */
export function isPostId(value: unknown): value is string {
  return typeof value === 'string' && POST_ID.test(value);
}

/** Whether a value has the shape of an X handle (without "@"). */
export function isHandle(value: unknown): value is string {
  return typeof value === 'string' && HANDLE.test(value);
}

/** The stem of an account's default variable names: its id in capitals, other characters as "_". */
export const variableStem = (accountId: string) => accountId.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/**
 * The four credentials, in the order they are documented. The app key and the access token travel in clear
 * in every request (`oauth_consumer_key`, `oauth_token`), so a variable named for a secret (`…_SECRET`) can
 * never be sent as one of them.
 */
export const X_CREDENTIALS: readonly CredentialRole[] = [
  {
    key: 'app_key',
    suffix: '_KEY',
    defaultName: () => 'CHORUS_X_APP_KEY',
    description: 'the app key',
    example: 'CHORUS_X_APP_KEY',
  },
  {
    key: 'app_secret',
    suffix: '_SECRET',
    defaultName: () => 'CHORUS_X_APP_SECRET',
    description: 'the app secret',
    example: 'CHORUS_X_APP_SECRET',
  },
  {
    key: 'access_token',
    suffix: '_TOKEN',
    defaultName: (id) => `CHORUS_${variableStem(id)}_ACCESS_TOKEN`,
    description: 'the access token',
    identity: true,
    example: 'CHORUS_<ACCOUNT>_ACCESS_TOKEN',
  },
  {
    key: 'access_secret',
    suffix: '_SECRET',
    defaultName: (id) => `CHORUS_${variableStem(id)}_ACCESS_SECRET`,
    description: 'the access secret',
    identity: true,
    example: 'CHORUS_<ACCOUNT>_ACCESS_SECRET',
  },
];

/** Whether two X handles name the same account (without "@", ignoring case). */
export const sameHandle = (a: string, b: string) =>
  a.replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase();

/** The URL of a post on X, built only from a valid handle and a valid post id (never from X's answer text). */
export function postUrl(handle: string, id: string): string {
  const name = handle.replace(/^@/, '');
  if (!isHandle(name) || !isPostId(id)) throw new Error(`not an X handle and post id: ${name} ${id}`);
  return `https://x.com/${name}/status/${id}`;
}

/** X's account half of the platform seam. */
export const xAccount: PlatformAccount = {
  isHandle: (handle) => isHandle(handle.replace(/^@/, '')),
  handlePattern: '^@?[A-Za-z0-9_]{1,15}$',
  handleRule: 'an X handle has 1-15 letters, digits or _ (an @ in front is fine)',
  handleExample: '@acme_news',
  displayHandle: (handle) => `@${handle.replace(/^@/, '')}`,
  sameHandle,
  credentials: X_CREDENTIALS,
  fields: {},
  postUrl: (account: AccountRef, ref) => postUrl(account.handle, ref.id),
  postUrlHosts: ['x.com', 'twitter.com'],
};
