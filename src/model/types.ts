// The typed model every stage after `validate` works on: accounts, posts, problems.

/** The four kinds of post a calendar may hold. */
export const CATEGORIES = ['news', 'deals', 'blog', 'community'] as const;
export type Category = (typeof CATEGORIES)[number];

import type { Position } from '../workspace/yaml-source.js';

export type { Position };

/** Where something is: a workspace-relative file path (forward slashes) and a position in it. */
export interface Location extends Position {
  file: string;
}

export type Severity = 'off' | 'warn' | 'error';

/** A lint or schema finding, located in a file. */
export interface Problem extends Location {
  ruleId: string;
  /** The rule's message id (absent for schema problems). */
  messageId?: string;
  severity: Exclude<Severity, 'off'>;
  message: string;
  /** Optional extra advice on how to fix it. */
  hint?: string;
  account?: string;
  /**
   * The channel (network id) the finding is about, when the account has `channels:` and the finding holds for
   * that channel's version only; absent when it holds for every channel.
   */
  channel?: string;
  postId?: string;
}

export type { CredentialRole } from '../platforms/types.js';

/** Posting slots: local wall-clock times per weekday, 0 = Sunday … 6 = Saturday, sorted "HH:MM". */
export type WeeklySlots = readonly (readonly string[])[];

/** How links of an account get tracking codes (see src/tracking). */
export interface TrackingSettings {
  enabled: boolean;
  /** Link hosts that get codes; a host matches itself and its subdomains. */
  domains: string[];
  /** Categories whose links get codes. */
  categories: Category[];
  /** Query parameters to add; values are templates with {account}, {category}, {id}, {date}, {platform}, {code}. */
  params: Record<string, string>;
}

/**
 * One channel of an account: the account (accounts/<id>.yaml) on one network, merged with workspace
 * defaults. An account without `channels:` is one channel, whose `id` is the account id; an account with
 * channels is one of these per network, each with the id `<account>@<network>` (see {@link channelKey}).
 * Every stage after validate works on channels: the timeline, the ledger and the locks are per channel.
 */
export interface Account {
  /** The channel's key: the account id, or `<account>@<network>` for a channel of an account with `channels:`. */
  id: string;
  /** The account id (the file name under accounts/, the folder under content/). */
  accountId: string;
  /** The network id of this channel when the account has `channels:`; undefined for a channel-less account. */
  channel: string | undefined;
  /**
   * True for the first channel of an account with `channels:`: the ledger the account kept before it had
   * channels (`state/<account>.jsonl`, records without `channel`) is this channel's history too.
   */
  inheritsLedger: boolean;
  file: string;
  position: Position;
  /** The network's id (`platform:` in the file), a key of the platform registry (src/platforms/). */
  platform: string;
  /** The handle as written, without a leading "@" (its shape is the network's, checked by validate). */
  handle: string;
  name: string | undefined;
  kind: 'brand' | 'employee';
  timezone: string;
  language: string;
  categories: Category[];
  owner: string;
  team: string[];
  /** Names of the environment variables holding the credentials (never the values), by role key. */
  credentials: Readonly<Record<string, string>>;
  /** The network's own account fields (`server`, `max_characters`, …), as parsed by its schema. */
  settings: Readonly<Record<string, unknown>>;
  slots: WeeklySlots;
  /** Anti-spam thresholds as written (already merged with chorus.yaml limits). */
  limits: Limits;
  /** Rule overrides as written in the account file (validated by the lint stage). */
  rules: Record<string, unknown>;
  tracking: TrackingSettings;
  /** Hashtag an employee account must carry, e.g. "#AcmeEmployee". */
  disclosure: string | undefined;
  /** Named text templates for imported feed posts (see src/tracking and `chorus import`). */
  templates: Record<string, string>;
  /** Positions of top-level fields in the account file, for located messages. */
  fieldPositions: Record<string, Position>;
}

/** Anti-spam thresholds; each one feeds one rule's option (see each rule's meta.limits). */
export interface Limits {
  max_posts_per_day?: number;
  max_per_category_per_day?: Partial<Record<Category, number>>;
  min_gap_minutes?: number;
  promo_share?: number;
  quiet_hours?: { start: string; end: string };
  max_hashtags?: number;
  max_mentions?: number;
  max_links?: number;
  duplicate_window_days?: number;
}

/** When a post should go out, as written. */
export type PostTime =
  | { kind: 'datetime'; date: string; time: string; offset: string | undefined; raw: string }
  | { kind: 'date'; date: string; raw: string };

export interface Media {
  file: string;
  alt: string;
}

/** A post's own words for one network (`variants.<network>` in a calendar): each field replaces the post's. */
export interface PostVariant {
  text?: string | undefined;
  link?: string | undefined;
  thread?: string[] | undefined;
  media?: Media[] | undefined;
  content_warning?: string | undefined;
}

export type { MediaFinding } from '../workspace/media-file.js';

/**
 * One post of a content calendar, validated but not yet scheduled or rendered. After validate, a post of an
 * account with `channels:` is one Post per channel it goes to, with that channel's variant applied.
 */
export interface Post {
  /** The channel key (see {@link Account.id}): the folder under content/, or `<folder>@<network>`. */
  account: string;
  id: string;
  category: Category;
  text: string;
  at: PostTime | undefined;
  link: string | undefined;
  expires: PostTime | undefined;
  thread: string[];
  media: Media[];
  approvedBy: string | undefined;
  author: string | undefined;
  lang: string | undefined;
  /** A content warning the post's parts are hidden behind (`content_warning:`), on networks that have them. */
  contentWarning?: string | undefined;
  /** The channels (network ids) the post goes to, as written (`channels:`); undefined: every channel. */
  channels?: string[] | undefined;
  /** Per-network variants as written (`variants:`), by network id. */
  variants?: Readonly<Record<string, PostVariant>> | undefined;
  /** Workspace-relative path of the calendar file. */
  file: string;
  /** Position of the post (its list item) in the file. */
  position: Position;
  /** Positions of the post's fields ("text", "at", "thread.1", …). */
  fieldPositions: Record<string, Position>;
  /** Order of the post in the account's calendar (files sorted by path, then file order). */
  order: number;
}

/** One part of a rendered post: the main text (index 0) or a thread reply. */
export interface RenderedPart {
  /** The exact text that will be sent. */
  text: string;
  /** Length of `text` as the account's network counts it (X: weighted length; Bluesky: graphemes). */
  length: number;
  /** http(s) links in `text`, as sent. */
  links: string[];
}

/** A post as it will be sent. */
export interface RenderedPost {
  parts: RenderedPart[];
  /** The content warning every part is sent behind (networks that have them), when the post has one. */
  contentWarning?: string | undefined;
  /** The post's tracking code (see src/tracking/code.ts), or undefined when no link of it got one. */
  trackingCode: string | undefined;
  /**
   * The final URLs that carry tracking parameters, in order of appearance, without repeats.
   * Always set by renderPost; optional so hand-built RenderedPosts (tests, other stages) need not list it.
   */
  trackedLinks?: string[];
}

/** The key of an account's channel on a network: `<account>@<network>` (account ids never hold "@"). */
export function channelKey(accountId: string, network: string): string {
  return `${accountId}@${network}`;
}

/** The account id of a channel key (the key itself for a channel-less account). */
export function accountIdOf(key: string): string {
  const at = key.indexOf('@');
  return at < 0 ? key : key.slice(0, at);
}

/** The channel (network id) of a channel key; undefined for a channel-less account's key. */
export function channelOf(key: string): string | undefined {
  const at = key.indexOf('@');
  return at < 0 ? undefined : key.slice(at + 1);
}

/**
 * `{ channel }` for a channel of an account with `channels:`, `{}` for a channel-less account: how the JSON
 * contracts of plan, codes and publish show the channel (additive: a channel-less account's entries are as
 * before).
 */
export function withChannel(key: string): { channel?: string } {
  const channel = channelOf(key);
  return channel === undefined ? {} : { channel };
}

/**
 * The name a channel's tracking codes are made from (src/tracking/code.ts): the account id for a
 * channel-less account and for the first channel of an account with channels (so an account that gains
 * channels keeps its codes there, old posts included), the channel key for its other channels.
 */
export function trackingNameOf(account: Pick<Account, 'id' | 'accountId' | 'inheritsLedger'>): string {
  return account.inheritsLedger ? account.accountId : account.id;
}
