// How an account file names a Bluesky account: its handle (acme.bsky.social or a custom domain), the server
// its repository lives on (default https://bsky.social), and the variables holding its identifier and app password.
import { z } from 'zod';
import { apiUrlProblem } from '../endpoint.js';
import type { AccountRef, CredentialRole, PlatformAccount, PostRef } from '../types.js';
import { recordKeyOf } from './tid.js';

/** Where an account lives unless its file says `server:`. */
export const DEFAULT_SERVER = 'https://bsky.social';
/** Where post URLs point. */
export const APP_URL = 'https://bsky.app';

// The atproto handle syntax (https://atproto.com/specs/handle): dot-separated DNS labels, the last one not
// starting with a digit, at most 253 characters.
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
// Top-level domains the spec disallows for handles (".test" is allowed here: the test server uses it).
const DISALLOWED_TLDS = ['alt', 'arpa', 'example', 'internal', 'invalid', 'local', 'localhost', 'onion'];

/** Whether `handle` (without "@") is a valid Bluesky handle. */
export function isHandle(handle: string): boolean {
  if (handle.length > 253 || !HANDLE.test(handle)) return false;
  return !DISALLOWED_TLDS.includes(handle.split('.').at(-1)!.toLowerCase());
}

/** The account's parsed Bluesky fields (`server`), whatever the account model carries them in. */
export function blueskySettings(account: AccountRef): { server: string } {
  const server = typeof account.settings.server === 'string' ? account.settings.server : DEFAULT_SERVER;
  return { server };
}

const stem = (accountId: string) => accountId.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** The two credentials: the login identifier (handle, email or DID) and an app password (never the main one). */
export const CREDENTIALS: readonly CredentialRole[] = [
  {
    key: 'identifier',
    suffix: '_IDENTIFIER',
    defaultName: (accountId) => `CHORUS_${stem(accountId)}_IDENTIFIER`,
    description: 'the login identifier (the handle, or the email address or DID of the account)',
    example: 'CHORUS_<ACCOUNT>_IDENTIFIER',
    identity: true,
    // A handle, e-mail address or DID: not a secret, and hiding it would hide the handle in every message.
    secret: false,
  },
  {
    key: 'app_password',
    suffix: '_APP_PASSWORD',
    defaultName: (accountId) => `CHORUS_${stem(accountId)}_APP_PASSWORD`,
    description: 'the app password (an app password, never the account password)',
    example: 'CHORUS_<ACCOUNT>_APP_PASSWORD',
  },
];

/** The account half of the Bluesky platform. */
export const blueskyAccount: PlatformAccount = {
  isHandle,
  handlePattern: HANDLE.source,
  handleRule:
    'a Bluesky handle is a domain name: acme.bsky.social, or a custom domain such as acme.com (letters, digits and -, dot-separated, no "@")',
  handleExample: 'acme.bsky.social',
  displayHandle: (handle) => `@${handle}`,
  sameHandle: (a, b) => a.replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase(),
  credentials: CREDENTIALS,
  fields: {
    server: z
      .string()
      .refine((value) => apiUrlProblem(value) === undefined, {
        message: 'server must be an https URL (plain http only for this machine), e.g. https://bsky.social',
      })
      .optional()
      .describe(
        'The server (PDS) the account lives on, default https://bsky.social; credentials go only there or to servers in CHORUS_ALLOWED_SERVERS',
      ),
  },
  postUrl(account: AccountRef, ref: Omit<PostRef, 'url'>): string {
    const rkey = recordKeyOf(ref.id) ?? ref.id;
    return `${APP_URL}/profile/${encodeURIComponent(account.handle)}/post/${encodeURIComponent(rkey)}`;
  },
  postUrlHosts: [new URL(APP_URL).host],
};
