// The platform seam: what Chorus needs to know about a network, in two halves. The text half is pure (how
// the network counts length, finds links, mentions and hashtags, what a handle and a post URL look like,
// media limits, whether threads exist) and is used by validate, render and lint. The client half talks to the
// network and is loaded lazily, only when something is really sent, checked or measured.
import type { z } from 'zod';

/**
 * What a network needs to know about an account (the model's `AccountRef` has all of it): its id, its handle,
 * its language, the names of its credential variables and its network's own settings (`server`, …). The
 * platforms come before validate in the pipeline, so they see accounts through this shape.
 */
export interface AccountRef {
  id: string;
  /** Without a leading "@". */
  handle: string;
  language: string;
  /** Names of the environment variables holding the credentials, by role key (never values). */
  credentials: Readonly<Record<string, string>>;
  /** The network's own account fields, as its schema parsed them. */
  settings: Readonly<Record<string, unknown>>;
}

/**
 * One credential an account of a network needs: its key under `credentials:` in the account file, how its
 * variable's name must end (the name says the role, see docs/security.md) and its default name.
 */
export interface CredentialRole {
  /** Key in the account file's `credentials:` mapping, e.g. "access_token". */
  key: string;
  /**
   * How the variable's name must end, e.g. "_TOKEN". A credential sent in clear in every request must not
   * end like a secret's name.
   */
  suffix: string;
  /** The default variable name for an account id (documented in docs/reference.md). */
  defaultName(accountId: string): string;
  /** For messages and docs: "the access token". */
  description: string;
  /** An example name for hints: "CHORUS_<ACCOUNT>_ACCESS_TOKEN". */
  example: string;
  /** Whether it decides which account the credentials act for (named when they belong to someone else). */
  identity?: boolean;
  /**
   * False for a credential that is not a secret and is not hidden from output (Bluesky's login identifier,
   * most often the handle itself); every other credential value is redacted everywhere.
   */
  secret?: boolean;
}

/** A network's id as written in an account file (`platform: x`). */
export type PlatformId = string;

/**
 * What the ledger keeps to refer to a post part on its network: X, Mastodon and Weibo need an id;
 * Bluesky needs the record's URI (`id`) and its content hash (`cid`) to reply to it.
 */
export interface PostRef {
  /** The network's id of the post (X: the status id; Bluesky: the at:// URI). */
  id: string;
  /** Bluesky: the record's CID. */
  cid?: string | undefined;
  /** Public URL of the post, built by the platform from checked parts (never copied from an answer). */
  url: string;
}

/** Media a network accepts on one post. */
export interface MediaLimits {
  /** Images per post (0: none). */
  maxImages: number;
  /** Largest image, in bytes. */
  maxBytes: number;
  /** Accepted image types (MIME), decided from the bytes. */
  types: readonly string[];
  /** Whether lint requires alt text (every image must describe itself on networks whose users expect it). */
  altRequired: boolean;
  /** Longest alt text, in characters (graphemes), where the network has a limit. */
  maxAltLength?: number;
}

/** The parts of a post as the network will receive them (after render). */
export interface DraftPart {
  text: string;
  /** Language (BCP 47) of the post, from the post or its account. */
  lang: string;
  /** The content warning the part is sent behind, on a network that has them (see PlatformText.contentWarnings). */
  contentWarning?: string | undefined;
}

/**
 * The pure half: everything render, validate and lint need to know about a network's text, with no I/O.
 * Every count is the network's own, computed with the network's own library where one exists.
 */
export interface PlatformText {
  /** The unit `length` counts in, for messages: "weighted characters", "graphemes", "characters". */
  lengthUnit: string;
  /** How length is counted, in one line for docs and rule descriptions. */
  lengthRule: string;
  /** The longest text a post part may have on this account (some networks let an instance or account set it). */
  maxLength(account: AccountRef): number;
  /** Length of `text` as the network counts it. */
  length(text: string): number;
  /** Links in `text` as the network detects them. */
  links(text: string): string[];
  /** Hashtags (without `#`) as the network finds them. */
  hashtags(text: string): string[];
  /** Mentions (without `@`) as the network finds them. */
  mentions(text: string): string[];
  /** `text` with links, mentions and hashtags cut out (the prose alone, for shouting and similarity). */
  withoutEntities(text: string): string;
  /** Whether a thread (a chain of replies) can be posted; when false, a thread is a lint error. */
  threads: boolean;
  /**
   * The domain every post must link to, if the network has one (Weibo's statuses/share: the app's registered
   * secure domain, from the account file); a subdomain counts. Checked by the `weibo-share` rule.
   */
  requiredLinkDomain?(account: AccountRef): string | undefined;
  /** False when the network refuses hashtags in posts sent by Chorus (Weibo's share refuses "#topic#"). */
  hashtagsAllowed?: boolean;
  media: MediaLimits;
  /** What the dry run prints before each request: "POST /2/tweets", "com.atproto.repo.createRecord". */
  draftEndpoint: string;
  /**
   * The exact request the client would send for one part (shown by `publish --dry-run`), with placeholders
   * for what only the network can give (ids of earlier parts, uploaded media).
   */
  draftRequest(part: DraftPart, context: DraftContext): unknown;
  /**
   * Present on networks that hide a post behind a content warning (Mastodon's `spoiler_text`): how much of
   * a part's length the warning takes. Absent: a post with a content warning is a lint error there.
   */
  contentWarnings?: { length(warning: string): number };
}

/** What a dry-run request refers to that only exists once earlier calls have been made. */
export interface DraftContext {
  /** The part's index: 0 = the main post. */
  part: number;
  /** The parts this one replies to (thread root and parent), when known from the ledger. */
  root?: PostRef | undefined;
  parent?: PostRef | undefined;
  /** Media files that would be uploaded first (part 0 only), with their alt text. */
  media: readonly { file: string; alt: string }[];
  /** The stable identity of this part (see PartKey). */
  key: PartKey;
  account: AccountRef;
}

/** The stable identity of one part of one post: the same on every run, on every machine. */
export interface PartKey {
  account: string;
  post: string;
  part: number;
}

/** How an account file names this network's account and where it lives. */
export interface PlatformAccount {
  /** Whether a handle (without a leading "@") has this network's shape. */
  isHandle(handle: string): boolean;
  /** The handle's shape as a regular expression, for editors (JSON Schema `pattern`). */
  handlePattern: string;
  /** The handle's shape, for the schema's message: "an X handle has 1-15 letters, digits or _". */
  handleRule: string;
  /** An example handle for docs and hints. */
  handleExample: string;
  /** The handle as the network shows it ("@acme" on X, "acme.bsky.social" on Bluesky). */
  displayHandle(handle: string): string;
  /** Whether two handles name the same account (case, "@", domain as the network compares them). */
  sameHandle(a: string, b: string): boolean;
  /** The credentials an account needs, in the order they are documented. */
  credentials: readonly CredentialRole[];
  /**
   * Extra top-level fields of the account file for this network (`server`, `max_characters`, …), as a
   * zod shape merged into the account schema; their parsed values land in `AccountRef.settings`.
   */
  fields: z.ZodRawShape;
  /** The public URL of a post, from the account and the post's reference. */
  postUrl(account: AccountRef, ref: Omit<PostRef, 'url'>): string;
  /**
   * Hosts whose post URLs are always this network's (`x.com`, `bsky.app`), so a ledger's URL tells which
   * network a post went to; absent where they vary by server (Mastodon).
   */
  postUrlHosts?: readonly string[];
  /**
   * Whether a post URL is this account's, where the host depends on the account (a Mastodon instance);
   * networks with fixed hosts need none (see postUrlHosts).
   */
  isOwnPostUrl?(url: URL, account: AccountRef): boolean;
}

/** Why a network call failed, which decides what the publisher does next. */
export type PlatformErrorKind =
  /** Not sent, rate limited; `resetAt` says when it may go again. */
  | 'rate-limit'
  /** The request may or may not have reached the network (timeout, cut connection, 5xx): reconcile first. */
  | 'unknown'
  /** The network refused the text because the account already posted it (a repeat). */
  | 'duplicate'
  /** The credentials were refused. */
  | 'auth'
  /** Any other refusal: definitely not sent. */
  | 'rejected';

/** A failed network call, safe to print: no header, no credential, the network's words redacted and bounded. */
export class PlatformError extends Error {
  readonly kind: PlatformErrorKind;
  readonly status: number | undefined;
  readonly resetAt: Date | undefined;
  constructor(
    kind: PlatformErrorKind,
    message: string,
    options: { status?: number | undefined; resetAt?: Date | undefined } = {},
  ) {
    super(message);
    this.name = 'PlatformError';
    this.kind = kind;
    this.status = options.status;
    this.resetAt = options.resetAt;
  }
}

/** Rate-limit state from the last answer's headers. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  resetAt: Date;
}

/** An uploaded image, as the network refers to it in a post (X: a media id; Bluesky: a blob ref). */
export type UploadedMedia = unknown;

/** One part to create. */
export interface CreateRequest {
  key: PartKey;
  text: string;
  lang: string;
  /** The thread's first part and the part this one answers; both absent for a main post. */
  root?: PostRef | undefined;
  parent?: PostRef | undefined;
  media: readonly UploadedMedia[];
  /** The content warning to send the part behind (only on networks with `text.contentWarnings`). */
  contentWarning?: string | undefined;
}

/** A part whose outcome is unknown (an intent without a result): find it on the network, or say it is not there. */
export interface SentQuery {
  key: PartKey;
  /** The text as rendered now, and the hash of the text the intent recorded (the calendar may have changed). */
  text: string;
  textSha256: string;
  /** The post's tracking code (main part only), which identifies it whatever its text. */
  trackingCode: string | undefined;
  /** The part it answers, when known. */
  parent?: PostRef | undefined;
  /** The earliest moment the part can have been created (first attempt, less a margin for clock skew). */
  since: Date;
}

/** A post part's public metrics. `impressions` only where the network gives them. */
export interface PostMetrics {
  id: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  impressions: number | undefined;
}

/** The account behind the credentials, with its public counts. */
export interface AccountMetrics {
  id: string;
  handle: string;
  followers: number;
  following: number;
  posts: number;
}

/** The calls Chorus makes to a network for one account. Every failure is a PlatformError. */
export interface PlatformClient {
  /** Who the credentials belong to (the identity check before anything is sent). */
  whoAmI(): Promise<{ id: string; handle: string }>;
  uploadMedia(media: { bytes: Buffer; mime: string; alt: string }): Promise<UploadedMedia>;
  createPost(request: CreateRequest): Promise<PostRef>;
  /**
   * Find parts whose outcome is unknown; one answer per query, in order: its reference, or undefined when
   * the network does not have it. Throws when the network cannot be asked (then nothing is sent again).
   */
  findSent(queries: readonly SentQuery[]): Promise<(PostRef | undefined)[]>;
  /** From the last answer that carried rate-limit headers. */
  lastRateLimit(): RateLimitState | undefined;
  /** Public metrics of published parts; ids the network does not return are listed as missing. */
  postMetrics(
    ids: readonly string[],
  ): Promise<{ posts: PostMetrics[]; missing: string[]; rateLimit?: RateLimitState | undefined }>;
  /** How many ids one postMetrics call takes at most. */
  readonly metricsBatch: number;
  accountMetrics(): Promise<AccountMetrics>;
  /**
   * Where the account file and the network disagree about a setting lint relies on (Mastodon: the instance's
   * max_characters), one sentence each; `accounts --check` prints them as warnings. Absent: nothing to compare.
   */
  accountWarnings?(): Promise<string[]>;
  /** Ends the session, when the network has one (never throws). */
  close?(): Promise<void>;
}

/** What a client is created from: the account, its credentials (values, never printed) and the run's knobs. */
export interface ClientOptions {
  account: AccountRef;
  /** Credential values by role key (`credentials:` key → value). */
  credentials: Readonly<Record<string, string>>;
  /** Removes secrets from every message (the client also removes its own credentials). */
  redact?: ((text: string) => string) | undefined;
  /** The process environment's endpoint overrides and allow-lists (read by the CLI, passed as data). */
  env: Readonly<Record<string, string | undefined>>;
  /** Waits (media processing, pacing); replaceable in tests. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** The clock, for rate-limit resets; replaceable in tests. */
  clock?: (() => Date) | undefined;
  /** Per-request timeout in ms. */
  timeoutMs?: number | undefined;
}

/** A local stand-in of a network for `chorus sandbox` (made-up credentials only it accepts). */
export interface Sandbox {
  /** One line for people: "a stand-in for the X API at http://127.0.0.1:4010". */
  description: string;
  /** Variables to set (endpoint and made-up credentials), in order. */
  env: [string, string][];
  /** How many posts were published to it. */
  posted(): number;
  close(): Promise<void>;
}

/** A network: its id and name, the pure text and account halves, and the lazily loaded client. */
export interface Platform {
  id: PlatformId;
  /** The network's name for people: "X", "Bluesky". */
  name: string;
  text: PlatformText;
  account: PlatformAccount;
  /** Create a client; the implementation's heavy modules are imported here, not before. */
  client(options: ClientOptions): Promise<PlatformClient>;
  /** A local stand-in for `chorus sandbox`, where Chorus has one (loaded lazily). */
  sandbox?(accounts: readonly AccountRef[], options: { port?: number }): Promise<Sandbox>;
}
