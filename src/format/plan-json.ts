// `chorus plan --format json`: a stable machine format, documented in docs/commands.md#chorus-plan.
import { accountIdOf, withChannel } from '../model/types.js';
import type { PlanCost } from './plan-cost.js';
import type { Plan } from './plan-posts.js';
import { escapeJsonControls } from './printable.js';

/**
 * `{ posts: [...], unplaced: [...], cost? }`, posts sorted by `at`; two-space indented, ending in a newline.
 * `cost` (when given): what the posts still to be sent cost, per account and in total per currency.
 */
export function formatPlanJson(plan: Plan, cost?: PlanCost): string {
  const posts = plan.posts.map((p) => ({
    account: accountIdOf(p.account),
    // The network of the channel, only for an account with `channels:` (a channel-less account's entries
    // are as they were before channels).
    ...withChannel(p.account),
    handle: p.handle,
    id: p.id,
    category: p.category,
    at: p.at,
    local: p.local,
    source: p.source,
    published: p.published,
    ...(p.missed ? { missed: p.missed } : {}),
    text: p.text,
    links: p.links,
    length: p.length,
    // The same number under its first name, kept for readers of the version-1 contract (docs/commands.md).
    weightedLength: p.length,
    ...(p.thread.length > 0 ? { thread: p.thread } : {}),
  }));
  // Unplaced posts and costs name accounts as posts do (not by the channel key, `news@x`).
  const split = <T extends { account: string }>(item: T) => ({
    ...item,
    account: accountIdOf(item.account),
    ...withChannel(item.account),
  });
  const unplaced = plan.unplaced.map(split);
  const costs = cost && { ...cost, accounts: cost.accounts.map(split) };
  return `${escapeJsonControls(JSON.stringify({ posts, unplaced, ...(costs ? { cost: costs } : {}) }, null, 2))}\n`;
}
