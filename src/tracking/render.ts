// The render stage: a post's final text (link appended, tracking codes added) and its length as its
// network counts it (through the platform's text rules).
import { trackingNameOf } from '../model/types.js';
import { localDate } from '../model/time.js';
import type { Account, Post, RenderedPart, RenderedPost } from '../model/types.js';
import type { PlatformText } from '../platforms/types.js';
import { trackingCode } from './code.js';
import { expandTemplate } from '../model/placeholders.js';
import { addTracking, hostMatches, parseHttpUrl } from './url.js';

export type { RenderedPart, RenderedPost } from '../model/types.js';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]/giu;

/** http(s) URLs written in a text. */
export function linksIn(text: string): string[] {
  return text.match(URL_PATTERN) ?? [];
}

/** The main text with the post's `link` appended (unless the text already contains it). */
export function composeText(text: string, link: string | undefined): string {
  if (!link || text.includes(link)) return text;
  return `${text.trimEnd()} ${link}`;
}

function part(text: string, rules: PlatformText, warning: string | undefined): RenderedPart {
  // Where the network shows a content warning, it counts towards each part's length.
  const extra = warning && rules.contentWarnings ? rules.contentWarnings.length(warning) : 0;
  return { text, length: rules.length(text) + extra, links: linksIn(text) };
}

/**
 * Hosts whose links get codes for this post: `tracking.domains`, or, when that list is empty,
 * the host of the post's own `link` (so a deal link is tracked without configuration, while
 * third-party links elsewhere in the text are left alone). Empty when tracking does not apply.
 */
export function trackedDomains(post: Post, account: Account): string[] {
  const tracking = account.tracking;
  if (!tracking.enabled || !tracking.categories.includes(post.category)) return [];
  if (tracking.domains.length > 0) return tracking.domains;
  const own = post.link ? parseHttpUrl(post.link) : undefined;
  return own ? [own.hostname] : [];
}

/**
 * The tracking parameters of a post, templates expanded. `{date}` is the local date (account zone)
 * of `instant`; without an instant it is the date written in `at` if any, else the parameters that
 * use `{date}` are left out (a code is never given a wrong date).
 */
export function trackingParams(post: Post, account: Account, instant: Date | undefined): [string, string][] {
  const date = instant ? localDate(instant, account.timezone) : post.at?.date;
  const values: Record<string, string | undefined> = {
    account: account.accountId,
    category: post.category,
    id: post.id,
    date,
    platform: account.platform,
    code: trackingCode(trackingNameOf(account), post.id),
  };
  const out: [string, string][] = [];
  for (const [key, template] of Object.entries(account.tracking.params)) {
    const value = expandTemplate(template, values);
    if (value !== undefined) out.push([key, value]);
  }
  return out;
}

/**
 * Add tracking parameters to every http(s) URL of `text` on a tracked host; collects the tracked URLs.
 * The post's own `link` is taken whole where it appears, even when it ends in a character that
 * ends a URL in prose (`…/Boots_(winter)`), so its parameters never land inside it.
 */
function trackText(
  text: string,
  params: readonly [string, string][],
  domains: readonly string[],
  tracked: Set<string>,
  link: string | undefined,
): string {
  if (domains.length === 0 || params.length === 0) return text;
  const track = (url: string) => {
    const parsed = parseHttpUrl(url);
    if (!parsed || !hostMatches(parsed.hostname, domains)) return url;
    const result = addTracking(url, params);
    tracked.add(result);
    return result;
  };
  const pattern = new RegExp(URL_PATTERN.source, URL_PATTERN.flags);
  let out = '';
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    let url = match[0];
    if (link && link.length > url.length && link.startsWith(url) && text.startsWith(link, match.index)) {
      url = link;
      pattern.lastIndex = match.index + link.length;
    }
    out += text.slice(last, match.index) + track(url);
    last = match.index + url.length;
  }
  return out + text.slice(last);
}

/**
 * Render a post: the main text (with `link` appended) and thread parts, with tracking parameters
 * added to links on tracked hosts. `instant` is when it goes out (for `{date}`); `rules` are the account's
 * network's text rules (length). Pure.
 */
export function renderPost(
  post: Post,
  account: Account,
  instant: Date | undefined,
  rules: PlatformText,
): RenderedPost {
  const domains = trackedDomains(post, account);
  const params = domains.length > 0 ? trackingParams(post, account, instant) : [];
  const tracked = new Set<string>();
  const main = trackText(composeText(post.text, post.link), params, domains, tracked, post.link);
  const thread = post.thread.map((text) => trackText(text, params, domains, tracked, post.link));
  return {
    parts: [
      part(main, rules, post.contentWarning),
      ...thread.map((text) => part(text, rules, post.contentWarning)),
    ],
    ...(post.contentWarning ? { contentWarning: post.contentWarning } : {}),
    trackingCode: tracked.size > 0 ? trackingCode(trackingNameOf(account), post.id) : undefined,
    trackedLinks: [...tracked],
  };
}
