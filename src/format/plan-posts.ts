// The plan as plain rows: the timeline filtered to accounts and local dates, ready for the plan formatters.
import { selectsChannel } from '../model/channels.js';
import { localDate, toLocalIso } from '../model/time.js';
import type { Account, Category, WeeklySlots } from '../model/types.js';
import type { Timeline } from '../schedule/timeline.js';

/** One scheduled post as `chorus plan` shows it (the `json` format's items, plus what the table needs). */
export interface PlanPost {
  account: string;
  handle: string;
  id: string;
  category: Category;
  /** UTC ISO 8601. */
  at: string;
  /** ISO 8601 with the account's offset. */
  local: string;
  source: 'explicit' | 'slot';
  /** Whether the ledger records it as published (it then keeps its real time). */
  published: boolean;
  /** Why it will not be sent, when time made it impossible (docs/scheduling.md#missed-posts). */
  missed: string | undefined;
  /** Final text of the main post (link appended, tracking codes added). */
  text: string;
  links: string[];
  /** The main text's length as its network counts it (X: weighted length). */
  length: number;
  /** Final text of thread replies, if any. */
  thread: string[];
}

/** A queued post the planner could not place. */
export interface UnplacedPost {
  account: string;
  id: string;
  category: Category;
  reason: string;
  /** True when time made it impossible (its day or its deal went by): missed, not a mistake to fix. */
  missed: boolean;
}

/** An account shown in the plan, with what the table needs to draw its cadence. */
export interface PlanAccount {
  id: string;
  handle: string;
  timezone: string;
  slots: WeeklySlots;
  /** Local dates shown, inclusive. */
  from: string;
  to: string;
}

export interface Plan {
  accounts: PlanAccount[];
  /** Sorted by `at`, then account, then calendar order. */
  posts: PlanPost[];
  unplaced: UnplacedPost[];
}

export interface PlanSelection {
  /** Account ids to show; empty means all. */
  accounts: readonly string[];
  /** First local date shown (default: the local date of `now`). */
  from: string | undefined;
  /** Last local date shown (default: the local date at the end of the horizon). */
  to: string | undefined;
  now: Date;
  horizonDays: number;
}

/** Filter a timeline into a Plan. Pure. */
export function selectPlan(
  timeline: Timeline,
  accounts: ReadonlyMap<string, Account>,
  selection: PlanSelection,
): Plan {
  const shown = [...accounts.values()]
    .filter((a) => selectsChannel(selection.accounts, a.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const horizonEnd = new Date(selection.now.getTime() + selection.horizonDays * 86_400_000);
  const range = new Map<string, PlanAccount>(
    shown.map((a) => [
      a.id,
      {
        id: a.id,
        handle: a.handle,
        timezone: a.timezone,
        slots: a.slots,
        from: selection.from ?? localDate(selection.now, a.timezone),
        to: selection.to ?? localDate(horizonEnd, a.timezone),
      },
    ]),
  );
  const posts: PlanPost[] = [];
  const unplaced: UnplacedPost[] = [];
  for (const entry of timeline.entries) {
    const view = range.get(entry.account.id);
    if (!view) continue;
    if (!entry.at) {
      unplaced.push({
        account: entry.account.id,
        id: entry.post.id,
        category: entry.post.category,
        reason: entry.missed?.reason ?? entry.unplacedReason ?? 'not placed',
        missed: entry.missed !== undefined,
      });
      continue;
    }
    const date = localDate(entry.at, entry.account.timezone);
    if (date < view.from || date > view.to) continue;
    const [main, ...thread] = entry.rendered.parts;
    posts.push({
      account: entry.account.id,
      handle: entry.account.handle,
      id: entry.post.id,
      category: entry.post.category,
      at: entry.at.toISOString().replace('.000Z', 'Z'),
      local: toLocalIso(entry.at, entry.account.timezone),
      source: entry.source,
      published: entry.published !== undefined,
      missed: entry.missed?.reason,
      text: main?.text ?? '',
      links: main?.links ?? [],
      length: main?.length ?? 0,
      thread: thread.map((p) => p.text),
    });
  }
  return { accounts: [...range.values()], posts, unplaced };
}
