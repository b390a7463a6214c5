// Builds the timeline: explicit times resolved in the account's zone; queued posts placed by the planner.

import type { RuleSettings } from '../lint/rule-settings.js';
import { expiryInstant, postTimeToInstant } from '../model/time.js';
import type { Workspace } from '../model/validate.js';
import { renderPost } from '../tracking/render.js';
import { makeTimeline, type PublishedPost, type Timeline, type TimelineEntry } from './timeline.js';

export interface BuildTimelineInput {
  workspace: Workspace;
  settings: RuleSettings;
  now: Date;
  /** Published posts from the ledger: account id → post id → record. */
  published?: ReadonlyMap<string, ReadonlyMap<string, PublishedPost>>;
}

/** Schedule and render every post of a known account. Pure. */
export function buildTimeline({ workspace, published }: BuildTimelineInput): Timeline {
  const entries: TimelineEntry[] = [];
  for (const post of workspace.posts) {
    const account = workspace.accounts.get(post.account);
    if (!account) continue;
    const resolved = post.at ? postTimeToInstant(post.at, account.timezone) : undefined;
    // A published post keeps the time it really went out.
    const done = published?.get(account.id)?.get(post.id);
    const at = done?.at ?? resolved?.instant;
    entries.push({
      post,
      account,
      at,
      source: post.at?.kind === 'datetime' ? 'explicit' : 'slot',
      unplacedReason: at ? undefined : 'queued posts are not placed yet',
      expiresAt: post.expires ? expiryInstant(post.expires, account.timezone) : undefined,
      rendered: renderPost(post, account, at),
      published: done,
    });
  }
  return makeTimeline(entries);
}
