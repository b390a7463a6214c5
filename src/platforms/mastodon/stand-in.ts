// A stand-in for a Mastodon instance's REST API on 127.0.0.1, for tests and demos: the real `masto` client
// reaches it as the account's `server` (allowed through CHORUS_ALLOWED_SERVERS). No Mastodon server can be
// installed here, so it is written from Mastodon's public documentation and enforces what that says:
//   - POST /api/v1/statuses, Idempotency-Key kept for one hour per account, the original status returned on
//     a repeat: https://docs.joinmastodon.org/methods/statuses/#create
//   - length: graphemes of spoiler_text + text, every URL counted as 23 characters, a remote mention as its
//     local part only, against configuration.statuses.max_characters:
//     https://docs.joinmastodon.org/methods/instance/#v2 and https://docs.joinmastodon.org/user/posting/#text
//     (the counting was checked against app/validators/status_length_validator.rb, read, not copied)
//   - POST /api/v2/media (202 while the file is processed, url null) and GET /api/v1/media/:id (206 until
//     processed, then 200); a status cannot attach unprocessed media (422):
//     https://docs.joinmastodon.org/methods/media/#v2
//   - X-RateLimit-Limit/Remaining/Reset (ISO 8601) on every authenticated answer, 300 requests per 5
//     minutes per account, 429 past it: https://docs.joinmastodon.org/api/rate-limits/
//   - GET /api/v1/accounts/verify_credentials, GET /api/v1/accounts/:id/statuses (newest first, max_id,
//     since_id, limit ≤ 40), GET /api/v1/statuses/:id with favourites/reblogs/replies counts:
//     https://docs.joinmastodon.org/methods/accounts/ and https://docs.joinmastodon.org/entities/Status/
//   - errors as `{ "error": "…" }` with 401, 404, 422, 429: https://docs.joinmastodon.org/entities/Error/
// Fault knobs like the X stand-in's: 5xx before or after storing, cut connections after storing, 429s,
// latency, and an error body that echoes the request's Authorization header.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, faultPicker, readBody } from '../stand-in-kit.js';

/** An account the instance knows, reached with this bearer token. */
export interface MastodonUser {
  id: string;
  username: string;
  accessToken: string;
}

/** A status stored by the stand-in. */
export interface StoredStatus {
  id: string;
  accountId: string;
  username: string;
  text: string;
  spoilerText: string;
  visibility: string;
  language: string | null;
  inReplyToId: string | null;
  mediaIds: string[];
  idempotencyKey: string | undefined;
  createdAt: Date;
}

/** An uploaded media attachment. */
export interface StoredMedia {
  id: string;
  accountId: string;
  mime: string;
  bytes: number;
  description: string | null;
  /** GET /api/v1/media/:id answers 206 this many more times before the file is processed. */
  pendingPolls: number;
}

/** What to do with one POST /api/v1/statuses. */
export type MastodonFault =
  | { kind: 'none' }
  /** Store the status, then destroy the socket without answering. */
  | { kind: 'cut-after-accept' }
  /** Answer 503 without storing. */
  | { kind: 'error-5xx' }
  /** Store the status, then answer 500. */
  | { kind: 'error-5xx-after-accept' }
  /** Answer 429 with a reset `resetInSeconds` from now. */
  | { kind: 'rate-limit'; resetInSeconds: number };

/** A request as it arrived. */
export interface MastodonLoggedRequest {
  method: string;
  path: string;
  user: string | undefined;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  receivedAt: number;
}

export interface MastodonServerOptions {
  users: MastodonUser[];
  /** configuration.statuses.max_characters (default 500, Mastodon's own default). */
  maxCharacters?: number;
  /** Requests per account per 5-minute window (default 300, as documented). */
  requestsPerWindow?: number;
  /** How many GET /api/v1/media/:id answer 206 before an upload is processed (default 1). */
  mediaProcessingPolls?: number;
  latencyMs?: number;
  /** Random faults on POST /api/v1/statuses, each a probability; `seed` makes runs repeatable. */
  randomFaults?: { cutAfterAccept?: number; error5xx?: number; seed?: number };
  port?: number;
  onRequest?: (request: MastodonLoggedRequest) => void;
  /** The clock for created_at, idempotency expiry and rate-limit windows (default: the real one). */
  clock?: () => Date;
}

export interface MastodonServer {
  url: string;
  statuses: StoredStatus[];
  media: Map<string, StoredMedia>;
  requests: MastodonLoggedRequest[];
  queueFaults(...faults: MastodonFault[]): void;
  statusesOf(username: string): StoredStatus[];
  setLatency(ms: number): void;
  setMaxCharacters(max: number): void;
  /** Counts GET /api/v1/statuses/:id returns (a status not stored can be given counts too). */
  setStatusCounts(
    id: string,
    counts: Partial<{ favourites: number; reblogs: number; replies: number }>,
  ): void;
  setFollowers(username: string, followers: number): void;
  /** Every POST /api/v1/statuses (after queued faults) refused with `status`, echoing the Authorization header. */
  setEchoOnPost(status: number | undefined): void;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const WINDOW_MS = 5 * 60_000;
const URL_WEIGHT = 23;
const URL_RE = /https?:\/\/[^\s<>"]+/gu;
const MENTION_RE =
  /(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)?/giu;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]]+$/u;

/** Length of a status as the documentation says Mastodon counts it (spoiler + text, URLs 23, mentions local). */
export function mastodonCountedLength(text: string, spoilerText = ''): number {
  const countable = text
    .replace(URL_RE, (url) => {
      const trailing = TRAILING_PUNCTUATION.exec(url)?.[0] ?? '';
      return 'x'.repeat(URL_WEIGHT) + trailing;
    })
    .replace(MENTION_RE, (_whole, local: string) => `@${local}`);
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return [...segmenter.segment(spoilerText + countable)].length;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The HTML Mastodon renders for plain text: paragraphs, <br />, links split into visible and hidden spans. */
function renderContent(text: string): string {
  const link = (url: string) => {
    const match = /^(https?:\/\/)(.*)$/u.exec(url)!;
    const shown = match[2]!.slice(0, 30);
    const rest = match[2]!.slice(30);
    return (
      `<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer" translate="no" target="_blank">` +
      `<span class="invisible">${escapeHtml(match[1]!)}</span>` +
      `<span class="${rest ? 'ellipsis' : ''}">${escapeHtml(shown)}</span>` +
      `<span class="invisible">${escapeHtml(rest)}</span></a>`
    );
  };
  const linked = (line: string) => {
    let out = '';
    let last = 0;
    for (const match of line.matchAll(URL_RE)) {
      const trailing = TRAILING_PUNCTUATION.exec(match[0])?.[0] ?? '';
      const url = match[0].slice(0, match[0].length - trailing.length);
      out += escapeHtml(line.slice(last, match.index)) + link(url);
      last = match.index + url.length;
    }
    return out + escapeHtml(line.slice(last));
  };
  return text
    .split(/\n{2,}/u)
    .map((paragraph) => `<p>${paragraph.split('\n').map(linked).join('<br />')}</p>`)
    .join('');
}

/** A request body as fields: JSON, form-urlencoded or multipart, as Mastodon accepts them. */
async function readFields(
  req: IncomingMessage,
  body: Buffer,
): Promise<{ fields: Map<string, unknown[]>; files: Map<string, { type: string; size: number }> }> {
  const type = req.headers['content-type'] ?? '';
  const fields = new Map<string, unknown[]>();
  const files = new Map<string, { type: string; size: number }>();
  const add = (key: string, value: unknown) => {
    const name = key.replace(/\[\]$/u, '');
    fields.set(name, [...(fields.get(name) ?? []), value]);
  };
  if (type.startsWith('application/json')) {
    const json = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    for (const [key, value] of Object.entries(json)) {
      if (Array.isArray(value)) for (const item of value) add(key, item);
      else add(key, value);
    }
  } else if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') add(key, value);
      else files.set(key, { type: value.type, size: value.size });
    }
  }
  return { fields, files };
}

/** Start the stand-in. */
export async function startMastodonServer(options: MastodonServerOptions): Promise<MastodonServer> {
  const statuses: StoredStatus[] = [];
  const media = new Map<string, StoredMedia>();
  const requests: MastodonLoggedRequest[] = [];
  const faults: MastodonFault[] = [];
  const counts = new Map<string, { favourites: number; reblogs: number; replies: number }>();
  const followers = new Map<string, number>();
  const idempotency = new Map<string, { statusId: string; at: number }>();
  const windows = new Map<string, { start: number; used: number }>();
  let maxCharacters = options.maxCharacters ?? 500;
  let latency = options.latencyMs ?? 0;
  let echoOnPost: number | undefined;
  let nextId = 113_000_000_000_000_000n;
  let nextMedia = 1;
  const now = () => (options.clock ?? (() => new Date()))().getTime();
  const byToken = new Map(options.users.map((u) => [u.accessToken, u]));
  const limit = options.requestsPerWindow ?? 300;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const accountJson = (user: MastodonUser, url: string) => ({
    id: user.id,
    username: user.username,
    acct: user.username,
    display_name: user.username,
    locked: false,
    bot: false,
    url: `${url}/@${user.username}`,
    followers_count: followers.get(user.username) ?? 0,
    following_count: 0,
    statuses_count: statuses.filter((s) => s.accountId === user.id).length,
  });
  const statusJson = (status: StoredStatus, url: string) => {
    const user = options.users.find((u) => u.id === status.accountId)!;
    const c = counts.get(status.id) ?? { favourites: 0, reblogs: 0, replies: 0 };
    return {
      id: status.id,
      created_at: new Date(status.createdAt).toISOString(),
      in_reply_to_id: status.inReplyToId,
      in_reply_to_account_id: status.inReplyToId
        ? (statuses.find((s) => s.id === status.inReplyToId)?.accountId ?? null)
        : null,
      sensitive: status.spoilerText !== '',
      spoiler_text: status.spoilerText,
      visibility: status.visibility,
      language: status.language,
      uri: `${url}/users/${status.username}/statuses/${status.id}`,
      url: `${url}/@${status.username}/${status.id}`,
      replies_count: c.replies,
      reblogs_count: c.reblogs,
      favourites_count: c.favourites,
      content: renderContent(status.text),
      reblog: null,
      account: accountJson(user, url),
      media_attachments: status.mediaIds.map((id) => mediaJson(media.get(id)!, url)),
      mentions: [],
      tags: [],
      emojis: [],
      card: null,
      poll: null,
    };
  };
  const mediaJson = (item: StoredMedia, url: string) => ({
    id: item.id,
    type: 'image',
    url: item.pendingPolls > 0 ? null : `${url}/system/media/${item.id}.png`,
    preview_url: `${url}/system/media/${item.id}-small.png`,
    remote_url: null,
    description: item.description,
    blurhash: null,
    meta: {},
  });

  const nextFault = faultPicker(faults, options.randomFaults);

  const handle = async (req: IncomingMessage, res: ServerResponse, base: string) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const bearer = /^Bearer (.+)$/u.exec(req.headers.authorization ?? '')?.[1];
    const user = byToken.get(bearer ?? '');
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    const logged: MastodonLoggedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      user: user?.username,
      authorization: req.headers.authorization,
      idempotencyKey,
      receivedAt: Date.now(),
    };
    requests.push(logged);
    options.onRequest?.(logged);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const path = url.pathname;
    if (req.method === 'GET' && path === '/api/v2/instance') {
      send(res, 200, {
        domain: new URL(base).host,
        title: 'Chorus stand-in',
        version: '4.3.0',
        source_url: 'https://github.com/mastodon/mastodon',
        configuration: {
          urls: { streaming: base.replace(/^http/u, 'ws') },
          accounts: { max_featured_tags: 10 },
          statuses: {
            max_characters: maxCharacters,
            max_media_attachments: 4,
            characters_reserved_per_url: 23,
          },
          media_attachments: {
            supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
            image_size_limit: 16_777_216,
            image_matrix_limit: 33_177_600,
            description_limit: 1500,
          },
        },
      });
      return;
    }
    if (!user) {
      send(res, 401, { error: 'The access token is invalid' });
      return;
    }
    // Rate limit: every authenticated request counts against the account's 5-minute window.
    const window = windows.get(user.id);
    const t = now();
    const current = window && t - window.start < WINDOW_MS ? window : { start: t, used: 0 };
    windows.set(user.id, current);
    const resetIso = new Date(current.start + WINDOW_MS).toISOString();
    const rateHeaders = (remaining: number, reset = resetIso) => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': reset,
    });
    if (current.used >= limit) {
      send(res, 429, { error: 'Too many requests' }, rateHeaders(0));
      return;
    }
    current.used += 1;
    const headers = rateHeaders(limit - current.used);

    if (req.method === 'GET' && path === '/api/v1/accounts/verify_credentials') {
      send(res, 200, { ...accountJson(user, base), source: { privacy: 'public', language: null } }, headers);
      return;
    }
    const accountStatuses = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/u.exec(path);
    if (req.method === 'GET' && accountStatuses) {
      const maxId = url.searchParams.get('max_id');
      const sinceId = url.searchParams.get('since_id');
      const max = Math.min(40, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
      const list = statuses
        .filter((s) => s.accountId === accountStatuses[1])
        .filter((s) => (maxId ? BigInt(s.id) < BigInt(maxId) : true))
        .filter((s) => (sinceId ? BigInt(s.id) > BigInt(sinceId) : true))
        .reverse()
        .slice(0, max);
      send(
        res,
        200,
        list.map((s) => statusJson(s, base)),
        headers,
      );
      return;
    }
    const oneStatus = /^\/api\/v1\/statuses\/([^/]+)$/u.exec(path);
    if (req.method === 'GET' && oneStatus) {
      const stored = statuses.find((s) => s.id === oneStatus[1]);
      if (stored) {
        send(res, 200, statusJson(stored, base), headers);
      } else if (counts.has(oneStatus[1]!)) {
        const ghost: StoredStatus = {
          id: oneStatus[1]!,
          accountId: user.id,
          username: user.username,
          text: '',
          spoilerText: '',
          visibility: 'public',
          language: null,
          inReplyToId: null,
          mediaIds: [],
          idempotencyKey: undefined,
          createdAt: new Date(t),
        };
        send(res, 200, statusJson(ghost, base), headers);
      } else {
        send(res, 404, { error: 'Record not found' }, headers);
      }
      return;
    }
    if (req.method === 'POST' && path === '/api/v2/media') {
      const { fields, files } = await readFields(req, body);
      const file = files.get('file');
      if (!file) {
        send(
          res,
          422,
          { error: 'Validation failed: File content type is invalid, File is invalid' },
          headers,
        );
        return;
      }
      if (!['image/jpeg', 'image/png', 'image/gif', 'image/webp'].includes(file.type)) {
        send(
          res,
          422,
          { error: `Validation failed: File content type ${file.type} is not supported` },
          headers,
        );
        return;
      }
      const description = fields.get('description')?.[0];
      if (typeof description === 'string' && [...description].length > 1500) {
        send(
          res,
          422,
          { error: 'Validation failed: Description is too long (maximum is 1500 characters)' },
          headers,
        );
        return;
      }
      const item: StoredMedia = {
        id: String(nextMedia++),
        accountId: user.id,
        mime: file.type,
        bytes: file.size,
        description: typeof description === 'string' ? description : null,
        pendingPolls: options.mediaProcessingPolls ?? 1,
      };
      media.set(item.id, item);
      send(res, item.pendingPolls > 0 ? 202 : 200, mediaJson(item, base), headers);
      return;
    }
    const oneMedia = /^\/api\/v1\/media\/([^/]+)$/u.exec(path);
    if (req.method === 'GET' && oneMedia) {
      const item = media.get(oneMedia[1]!);
      if (!item || item.accountId !== user.id) {
        send(res, 404, { error: 'Record not found' }, headers);
        return;
      }
      if (item.pendingPolls > 0) {
        send(res, 206, mediaJson(item, base), headers);
        item.pendingPolls -= 1;
        return;
      }
      send(res, 200, mediaJson(item, base), headers);
      return;
    }
    if (req.method === 'POST' && path === '/api/v1/statuses') {
      // The key is checked first: a repeat within the hour returns the original whatever the body.
      if (idempotencyKey !== undefined) {
        const seen = idempotency.get(`${user.id}:${idempotencyKey}`);
        if (seen && t - seen.at < HOUR_MS) {
          const original = statuses.find((s) => s.id === seen.statusId);
          if (original) {
            send(res, 200, statusJson(original, base), headers);
            return;
          }
        }
      }
      const fault = nextFault();
      if (fault?.kind === 'rate-limit') {
        send(
          res,
          429,
          { error: 'Too many requests' },
          rateHeaders(0, new Date(t + fault.resetInSeconds * 1000).toISOString()),
        );
        return;
      }
      if (fault?.kind === 'error-5xx') {
        send(res, 503, { error: 'Service Unavailable' }, headers);
        return;
      }
      if (!fault && echoOnPost !== undefined) {
        send(
          res,
          echoOnPost,
          { error: `request rejected; you sent Authorization: ${req.headers.authorization ?? ''}` },
          headers,
        );
        return;
      }
      const { fields } = await readFields(req, body);
      const field = (name: string) => {
        const value = fields.get(name)?.[0];
        return typeof value === 'string' ? value : undefined;
      };
      const text = field('status') ?? '';
      const spoilerText = field('spoiler_text') ?? '';
      const mediaIds = (fields.get('media_ids') ?? []).map(String);
      if (text.trim() === '' && mediaIds.length === 0) {
        send(res, 422, { error: "Validation failed: Text can't be blank" }, headers);
        return;
      }
      if (mastodonCountedLength(text, spoilerText) > maxCharacters) {
        send(
          res,
          422,
          { error: `Validation failed: Text character limit of ${maxCharacters} exceeded` },
          headers,
        );
        return;
      }
      if (mediaIds.length > 4) {
        send(res, 422, { error: 'Validation failed: Media attachments cannot exceed 4' }, headers);
        return;
      }
      for (const id of mediaIds) {
        const item = media.get(id);
        if (!item || item.accountId !== user.id) {
          send(res, 422, { error: 'Validation failed: Media attachments are invalid' }, headers);
          return;
        }
        if (item.pendingPolls > 0) {
          send(
            res,
            422,
            { error: 'Cannot attach files that have not finished processing. Try again in a moment!' },
            headers,
          );
          return;
        }
      }
      const inReplyToId = field('in_reply_to_id') ?? null;
      if (inReplyToId !== null && !statuses.some((s) => s.id === inReplyToId)) {
        send(res, 404, { error: 'Record not found' }, headers);
        return;
      }
      const visibility = field('visibility') ?? 'public';
      if (!['public', 'unlisted', 'private', 'direct'].includes(visibility)) {
        send(res, 422, { error: 'Validation failed: Visibility is not included in the list' }, headers);
        return;
      }
      const stored: StoredStatus = {
        id: String(nextId++),
        accountId: user.id,
        username: user.username,
        text,
        spoilerText,
        visibility,
        language: field('language') ?? null,
        inReplyToId,
        mediaIds,
        idempotencyKey,
        createdAt: new Date(t),
      };
      statuses.push(stored);
      if (idempotencyKey !== undefined)
        idempotency.set(`${user.id}:${idempotencyKey}`, { statusId: stored.id, at: t });
      if (fault?.kind === 'cut-after-accept') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'error-5xx-after-accept') {
        send(res, 500, { error: 'Internal Server Error' }, headers);
        return;
      }
      send(res, 200, statusJson(stored, base), headers);
      return;
    }
    send(res, 404, { error: 'Not Found' }, headers);
  };

  let base = '';
  const server: Server = createServer((req, res) => {
    handle(req, res, base).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `stand-in error: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    statuses,
    media,
    requests,
    queueFaults: (...more) => faults.push(...more),
    statusesOf: (username) => statuses.filter((s) => s.username === username),
    setLatency: (ms) => {
      latency = ms;
    },
    setMaxCharacters: (max) => {
      maxCharacters = max;
    },
    setStatusCounts: (id, value) => {
      counts.set(id, { favourites: 0, reblogs: 0, replies: 0, ...counts.get(id), ...value });
    },
    setFollowers: (username, count) => {
      followers.set(username, count);
    },
    setEchoOnPost: (status) => {
      echoOnPost = status;
    },
    close: () => closeServer(server),
  };
}
