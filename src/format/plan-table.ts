// `chorus plan` (default table): an agenda per account and local day, with a bar of how full each day is.
import { accountIdOf } from '../model/types.js';
import { describePlanCost, type PlanCost } from './plan-cost.js';
import type { Plan, PlanAccount, PlanPost } from './plan-posts.js';
import { printableAll } from './printable.js';
import type { Style } from './style.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const TEXT_WIDTH = 50;

function shorten(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= width ? flat : `${chars.slice(0, width - 1).join('')}…`;
}

/** Filled squares for posts, empty ones for the day's remaining slots: ■■□ = 2 posts, 1 free slot. */
function dayBar(posts: number, slotCount: number, style: Style): string {
  const free = Math.max(0, slotCount - posts);
  return `${style.green('■'.repeat(posts))}${style.dim('□'.repeat(free))}`;
}

function sourceLabel(post: PlanPost, style: Style): string {
  if (post.published) return style.green('published');
  if (post.missed) return style.yellow('missed   ');
  return post.source === 'explicit' ? 'explicit ' : style.cyan('slot     ');
}

function accountSection(
  account: PlanAccount,
  posts: PlanPost[],
  plan: Plan,
  style: Style,
  cost: PlanCost['accounts'][number] | undefined,
): string[] {
  // Few posts are unplaced, so filtering them per account stays cheap.
  const unplaced = plan.unplaced.filter((u) => u.account === account.id);
  const lines = [
    `${style.bold(`@${account.handle}`)} ${style.dim(`${account.id} · ${account.timezone} · ${account.from} to ${account.to}`)}`,
  ];
  const byDay = new Map<string, PlanPost[]>();
  for (const post of posts) {
    const day = post.local.slice(0, 10);
    const list = byDay.get(day);
    if (list) list.push(post);
    else byDay.set(day, [post]);
  }
  if (byDay.size === 0) lines.push(style.dim('  no posts in this range'));
  const idWidth = Math.max(...posts.map((p) => p.id.length), 2);
  for (const [day, list] of byDay) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const slotCount = account.slots[weekday]?.length ?? 0;
    lines.push(
      `  ${style.bold(`${WEEKDAYS[weekday]} ${day}`)}  ${dayBar(list.length, slotCount, style)} ${style.dim(`${list.length} post${list.length === 1 ? '' : 's'}, ${slotCount} slot${slotCount === 1 ? '' : 's'}`)}`,
    );
    for (const post of list) {
      const length = String(post.length).padStart(3);
      lines.push(
        `    ${post.local.slice(11, 16)}  ${post.category.padEnd(9)} ${post.id.padEnd(idWidth)}  ${sourceLabel(post, style)} ${style.dim(length)}  ${post.missed ? style.dim(post.missed) : shorten(post.text, TEXT_WIDTH)}`,
      );
    }
  }
  for (const u of unplaced) {
    const label = u.missed ? style.yellow('missed  ') : style.red('unplaced');
    lines.push(`  ${label}  ${u.category.padEnd(9)} ${u.id}  ${style.dim(u.reason)}`);
  }
  if (cost) lines.push(`  ${style.dim('cost')}  ${describePlanCost(cost)}`);
  return lines;
}

/**
 * The agenda: per account, each local day with its posts (time, category, id, source, weighted length, text),
 * and with `cost`, what the posts still to be sent will cost per account and in total.
 */
export function formatPlanTable(input: Plan, options: { style: Style; cost?: PlanCost }): string {
  const { style } = options;
  // Post texts and ids are workspace text: no control character in them reaches the terminal.
  const plan = printableAll(input);
  const postsByAccount = new Map<string, PlanPost[]>();
  for (const post of plan.posts) {
    const list = postsByAccount.get(post.account);
    if (list) list.push(post);
    else postsByAccount.set(post.account, [post]);
  }
  const sections = plan.accounts.map((account) =>
    accountSection(
      account,
      postsByAccount.get(account.id) ?? [],
      plan,
      style,
      options.cost?.accounts.find((c) => c.account === account.id),
    ).join('\n'),
  );
  const total = plan.posts.length;
  const missed = plan.posts.filter((p) => p.missed).length + plan.unplaced.filter((u) => u.missed).length;
  const unplaced = plan.unplaced.filter((u) => !u.missed).length;
  // Channels of an account with `channels:` are shown apart, but counted as one account with N channels.
  const accounts = new Set(plan.accounts.map((account) => accountIdOf(account.id))).size;
  const channels = plan.accounts.length > accounts ? ` (${plan.accounts.length} channels)` : '';
  const footer = style.dim(
    `${total} post${total === 1 ? '' : 's'} in ${accounts} account${accounts === 1 ? '' : 's'}${channels}` +
      (unplaced > 0 ? `, ${unplaced} unplaced` : '') +
      (missed > 0 ? `, ${missed} missed` : '') +
      (options.cost && options.cost.total.length > 0
        ? `; cost ${options.cost.total.map(describePlanCost).join(' and ')}`
        : ''),
  );
  return `${[...sections, footer].join('\n\n')}\n`;
}
