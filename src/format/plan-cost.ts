// What a plan will cost to post: the planned (not yet published, not missed) posts of each account in the
// shown range, each part priced by the network's price table (with or without a URL). Pure.
import type { Account } from '../model/types.js';
import { type Cost, costOf, countParts, type CostCounts, type PriceTable, sumCosts } from '../report/cost.js';
import type { Timeline } from '../schedule/timeline.js';
import { formatMoney } from './report-numbers.js';
import type { Plan } from './plan-posts.js';

/** The cost of a plan: per shown account (absent when its network has no prices), and in total per currency. */
export interface PlanCost {
  accounts: ({ account: string } & Cost)[];
  total: Cost[];
}

/** Price every post the plan shows that is still to be sent; thread parts are posts of their own. */
export function planCost(
  plan: Plan,
  timeline: Timeline,
  accounts: ReadonlyMap<string, Account>,
  prices: PriceTable,
): PlanCost {
  const toSend = new Set(
    plan.posts.filter((p) => !p.published && !p.missed).map((p) => `${p.account}\u0000${p.id}`),
  );
  const counts = new Map<string, CostCounts>(
    plan.accounts.map((a) => [a.id, { postsWithoutUrl: 0, postsWithUrl: 0, reads: 0 }]),
  );
  for (const entry of timeline.entries) {
    if (!toSend.has(`${entry.account.id}\u0000${entry.post.id}`)) continue;
    countParts(counts.get(entry.account.id)!, entry.rendered.parts);
  }
  const perAccount: PlanCost['accounts'] = [];
  for (const [account, count] of counts) {
    const network = accounts.get(account)?.platform;
    const table = network === undefined ? undefined : prices[network];
    if (table) perAccount.push({ account, ...costOf(table, count) });
  }
  return { accounts: perAccount, total: sumCosts(perAccount) };
}

/** "$2.72 for 21 posts to send, thread parts included (13 with a URL)" for a cost, in English. */
export function describePlanCost(cost: Cost): string {
  const posts = cost.postsWithoutUrl + cost.postsWithUrl;
  return `${formatMoney(cost.amount, cost.currency, 'en', true)} for ${posts} post${posts === 1 ? '' : 's'} to send, thread parts included (${cost.postsWithUrl} with a URL)`;
}
