// Scorecards: what each account's posting earned, computed from the workspace, the ledger, metrics
// snapshots and the shop's conversions. Pure: every input, including the date range, is a parameter.

import type { Analysis } from '../pipeline/analyse.js';
import { type Category, CATEGORIES, type Problem } from '../model/types.js';
import { localDate } from '../model/time.js';
import { trackingCode } from '../tracking/code.js';
import { type ConversionRow, REVENUE_SCALE } from './conversions.js';

/** Version of the JSON shape (docs/scorecards.md#json); bumped on any incompatible change. */
export const REPORT_VERSION = 1 as const;

/** How close to a limit counts as "barely met": within 10% of it. */
export const NEAR_LIMIT = 0.1;

/** A category of the model, or "removed" for a published post no longer in its calendar. */
export type ReportCategory = Category | 'removed';

/** Orders and revenue in one currency. */
export interface Money {
  currency: string;
  orders: number;
  /** In currency units (exact to 4 decimals). */
  revenue: number;
}

/** Public metrics of a post (all its parts), from its latest snapshot in the range. */
export interface PostMetricsFigures {
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  /** Only when X returned impressions for at least one part. */
  impressions: number | undefined;
  /** likes + reposts + replies + quotes. */
  engagement: number;
  /** When the snapshot was taken. */
  at: string;
}

/** One published post with everything joined to it. */
export interface ReportPost {
  account: string;
  post: string;
  category: ReportCategory;
  publishedAt: string;
  /** Local date of publication in the account's time zone. */
  localDate: string;
  /** Monday ("YYYY-MM-DD", local) of the week it was published. */
  week: string;
  url: string;
  code: string;
  /** Undefined when no snapshot covers the post yet (run `chorus metrics`). */
  metrics: PostMetricsFigures | undefined;
  /** Orders and revenue per currency, sorted by currency; empty when the shop reported nothing. */
  business: Money[];
}

/** A day, gap or week where the account was at or over an anti-spam limit, or within 10% of it. */
export type LimitFinding =
  | { kind: 'daily-cap'; date: string; posts: number; cap: number; status: 'over' | 'at' }
  | {
      kind: 'min-gap';
      post: string;
      previous: string;
      minutes: number;
      minGap: number;
      status: 'under' | 'near';
    }
  | { kind: 'promo-share'; post: string; share: number; limit: number; status: 'over' | 'near' };

/** One account's scorecard. */
export interface AccountScorecard {
  account: string;
  handle: string;
  name: string | undefined;
  timezone: string;
  posts: {
    total: number;
    byCategory: Record<ReportCategory, number>;
    /** Every week from the first to the last post, empty weeks included. */
    byWeek: { week: string; total: number; byCategory: Record<ReportCategory, number> }[];
    /** Share of deals among the posts (0..1; 0 when there are none). */
    promotionalShare: number;
  };
  limits: {
    findings: LimitFinding[];
    /** Lint problems (current rules) on posts that were published in the range. */
    problems: {
      post: string;
      ruleId: string;
      severity: 'warn' | 'error';
      message: string;
      file: string;
      line: number;
    }[];
  };
  followers: {
    start: { at: string; count: number } | undefined;
    end: { at: string; count: number } | undefined;
    growth: number | undefined;
    series: { at: string; count: number }[];
  };
  engagement: {
    /** Posts with a metrics snapshot. */
    measuredPosts: number;
    likes: number;
    reposts: number;
    replies: number;
    quotes: number;
    impressions: number | undefined;
    total: number;
    perPost: number | undefined;
    /** Replies per measured post. */
    participation: number | undefined;
    /** Reposts + quotes per measured post. */
    influence: number | undefined;
    byCategory: {
      category: ReportCategory;
      posts: number;
      engagement: number;
      perPost: number | undefined;
    }[];
  };
  topPosts: ReportPost[];
  business: {
    byCurrency: (Money & { perThousandFollowers: number | undefined })[];
    byCategory: (Money & { category: ReportCategory })[];
  };
}

/** A conversions row that matched no published post. */
export interface UnmatchedConversion {
  line: number;
  code: string;
  orders: number;
  revenue: number;
  currency: string;
  /** "unknown": no post has this code; "unpublished": the post exists but the ledger has not published it. */
  reason: 'unknown' | 'unpublished';
  /** For "unpublished": which post. */
  account?: string;
  post?: string;
}

/** The whole report. */
export interface Report {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  range: { from: string | undefined; to: string | undefined };
  accounts: AccountScorecard[];
  posts: ReportPost[];
  business: {
    /** False when no conversions file was given (business figures are then all empty). */
    conversions: boolean;
    byCurrency: Money[];
    unmatched: UnmatchedConversion[];
    /** Rows for posts of accounts not selected, or published outside the range, or dated outside it. */
    outsideReport: number;
  };
}

/**
 * What the scorecard reads of an account's ledger: when and where each post's parts went out (part 0 is the
 * main post). Plain data: the commands replay the ledger (src/state/) and pass the result in.
 */
export interface LedgerState {
  posts: ReadonlyMap<string, { sent: ReadonlyMap<number, { url: string; at: Date }> }>;
}

/** One post part's public metrics at one moment, as the metrics snapshots (src/state/) record them. */
export interface PostMetrics {
  type: 'post';
  post: string;
  part: number;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  impressions?: number;
  at: string;
}

/** The account's follower count at one moment, as the metrics snapshots record it. */
export interface AccountMetrics {
  type: 'account';
  followers: number;
  at: string;
}

/** What the scorecard reads of a metrics snapshot. */
export type MetricsRecord = PostMetrics | AccountMetrics;

export interface ReportInput {
  outcome: Pick<Analysis, 'workspace' | 'settings' | 'problems'> & Partial<Pick<Analysis, 'history'>>;
  /** Ledger state of every account (all accounts, so conversion codes of unselected accounts are known). */
  ledgers: ReadonlyMap<string, LedgerState>;
  metrics: ReadonlyMap<string, readonly MetricsRecord[]>;
  conversions: readonly ConversionRow[] | undefined;
  /** Selected account ids (empty = all). */
  accounts: readonly string[];
  /** "YYYY-MM-DD" (UTC) bounds, inclusive. */
  from: string | undefined;
  to: string | undefined;
  now: Date;
}

const DAY = 86_400_000;
const emptyByCategory = (): Record<ReportCategory, number> =>
  Object.fromEntries([...CATEGORIES, 'removed'].map((c) => [c, 0])) as Record<ReportCategory, number>;
const fromMicros = (micros: number) => micros / REVENUE_SCALE;
const ratio = (a: number, b: number) => (b > 0 ? a / b : undefined);

/** Monday of the week of a "YYYY-MM-DD" date. */
export function weekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * DAY).toISOString().slice(0, 10);
}

/** Money totals keyed by currency, kept in 1/10000 units until the end. */
class Purse {
  private readonly byCurrency = new Map<string, { orders: number; micros: number }>();
  add(currency: string, orders: number, micros: number): void {
    const entry = this.byCurrency.get(currency) ?? { orders: 0, micros: 0 };
    entry.orders += orders;
    entry.micros += micros;
    this.byCurrency.set(currency, entry);
  }
  addPurse(other: Purse): void {
    for (const [currency, v] of other.byCurrency) this.add(currency, v.orders, v.micros);
  }
  money(): Money[] {
    return [...this.byCurrency.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([currency, v]) => ({ currency, orders: v.orders, revenue: fromMicros(v.micros) }));
  }
}

/** Build the report. Linear in posts, snapshots and conversion rows (plus sorting). */
export function buildReport(input: ReportInput): Report {
  const { workspace, settings } = input.outcome;
  // Published posts are history to lint, but the scorecard judges them: both lists.
  const problems = [...input.outcome.problems, ...(input.outcome.history ?? [])];
  const fromMs = input.from ? Date.parse(`${input.from}T00:00:00Z`) : Number.NEGATIVE_INFINITY;
  const toMs = input.to ? Date.parse(`${input.to}T00:00:00Z`) + DAY : Number.POSITIVE_INFINITY;
  const inRange = (ms: number) => ms >= fromMs && ms < toMs;
  const selected = (id: string) => input.accounts.length === 0 || input.accounts.includes(id);

  // Every published post of every account, by tracking code, so the conversions join is one lookup per row.
  const postsByCode = new Map<string, ReportPost>();
  const purses = new Map<ReportPost, Purse>();
  const reportPosts: ReportPost[] = [];
  // Calendars indexed once (account → post id → category), so the join stays linear in the number of posts.
  const calendars = new Map<string, Map<string, Category>>();
  for (const post of workspace.posts) {
    let calendar = calendars.get(post.account);
    if (!calendar) calendars.set(post.account, (calendar = new Map()));
    calendar.set(post.id, post.category);
  }
  const accountIds = [...new Set([...workspace.accounts.keys(), ...input.ledgers.keys()])].sort();
  for (const accountId of accountIds) {
    const account = workspace.accounts.get(accountId);
    const ledger = input.ledgers.get(accountId);
    if (!account || !ledger) continue;
    const calendar = calendars.get(accountId) ?? new Map<string, Category>();
    for (const [postId, state] of ledger.posts) {
      const main = state.sent.get(0);
      if (!main) continue;
      const date = localDate(main.at, account.timezone);
      const post: ReportPost = {
        account: accountId,
        post: postId,
        category: calendar.get(postId) ?? 'removed',
        publishedAt: main.at.toISOString(),
        localDate: date,
        week: weekOf(date),
        url: main.url,
        code: trackingCode(accountId, postId),
        metrics: undefined,
        business: [],
      };
      postsByCode.set(post.code, post);
      if (selected(accountId) && inRange(main.at.getTime())) reportPosts.push(post);
    }
  }
  reportPosts.sort((a, b) =>
    a.publishedAt === b.publishedAt
      ? a.account + a.post < b.account + b.post
        ? -1
        : 1
      : a.publishedAt < b.publishedAt
        ? -1
        : 1,
  );
  const inReport = new Set(reportPosts);

  // Conversions: join by code; unknown and unpublished codes are listed, never dropped.
  const unmatched: UnmatchedConversion[] = [];
  let outsideReport = 0;
  const plannedByCode = new Map<string, { account: string; post: string }>();
  if (input.conversions) {
    for (const post of workspace.posts)
      plannedByCode.set(trackingCode(post.account, post.id), { account: post.account, post: post.id });
  }
  const total = new Purse();
  for (const row of input.conversions ?? []) {
    const post = postsByCode.get(row.code);
    if (!post) {
      const planned = plannedByCode.get(row.code);
      unmatched.push({
        line: row.line,
        code: row.code,
        orders: row.orders,
        revenue: fromMicros(row.revenueMicros),
        currency: row.currency,
        reason: planned ? 'unpublished' : 'unknown',
        ...(planned ? { account: planned.account, post: planned.post } : {}),
      });
      continue;
    }
    const dated = row.date ? Date.parse(`${row.date}T00:00:00Z`) : undefined;
    if (!inReport.has(post) || (dated !== undefined && !inRange(dated))) {
      outsideReport++;
      continue;
    }
    let purse = purses.get(post);
    if (!purse) purses.set(post, (purse = new Purse()));
    purse.add(row.currency, row.orders, row.revenueMicros);
    total.add(row.currency, row.orders, row.revenueMicros);
  }
  for (const [post, purse] of purses) post.business = purse.money();

  const accounts: AccountScorecard[] = [];
  const postsOf = new Map<string, ReportPost[]>();
  for (const post of reportPosts) {
    const list = postsOf.get(post.account);
    if (list) list.push(post);
    else postsOf.set(post.account, [post]);
  }
  const problemsByPost = new Map<string, Problem[]>();
  for (const problem of problems) {
    if (!problem.account || !problem.postId) continue;
    const key = `${problem.account}\u0000${problem.postId}`;
    const list = problemsByPost.get(key);
    if (list) list.push(problem);
    else problemsByPost.set(key, [problem]);
  }

  for (const account of [...workspace.accounts.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!selected(account.id)) continue;
    const posts = postsOf.get(account.id) ?? [];
    attachMetrics(posts, input.metrics.get(account.id) ?? [], toMs);
    const minGap = settings.get('min-gap', account.id);
    // The limits the rules really apply (defaults, chorus.yaml, account file), not only what `limits:` says.
    const limit = (ruleId: string): number | undefined => {
      if (!settings.has(ruleId)) return undefined;
      const setting = settings.get(ruleId, account.id);
      return setting.severity === 'off' ? undefined : Number(setting.options.max);
    };
    const card = scorecard({
      account: {
        ...account,
        limits: { max_posts_per_day: limit('max-posts-per-day'), promo_share: limit('promo-share') },
      },
      posts,
      snapshots: input.metrics.get(account.id) ?? [],
      fromMs,
      toMs,
      minGapMinutes:
        minGap.severity === 'off'
          ? undefined
          : Number(minGap.options.minutes ?? account.limits.min_gap_minutes),
      problemsOf: (post) => problemsByPost.get(`${account.id}\u0000${post}`) ?? [],
      purses,
    });
    accounts.push(card);
  }

  return {
    version: REPORT_VERSION,
    generatedAt: input.now.toISOString(),
    range: { from: input.from, to: input.to },
    accounts,
    posts: reportPosts,
    business: {
      conversions: input.conversions !== undefined,
      byCurrency: total.money(),
      unmatched,
      outsideReport,
    },
  };
}

/** Give each post the sum over its parts of each part's latest snapshot taken before the end of the range. */
function attachMetrics(posts: ReportPost[], snapshots: readonly MetricsRecord[], toMs: number): void {
  const latest = new Map<string, Extract<MetricsRecord, { type: 'post' }>>();
  for (const record of snapshots) {
    if (record.type !== 'post' || Date.parse(record.at) >= toMs) continue;
    const key = `${record.post}\u0000${record.part}`;
    const previous = latest.get(key);
    if (!previous || Date.parse(previous.at) <= Date.parse(record.at)) latest.set(key, record);
  }
  const byPost = new Map<string, Extract<MetricsRecord, { type: 'post' }>[]>();
  for (const record of latest.values()) {
    const list = byPost.get(record.post);
    if (list) list.push(record);
    else byPost.set(record.post, [record]);
  }
  for (const post of posts) {
    const parts = byPost.get(post.post);
    if (!parts) continue;
    const sum = (key: 'likes' | 'reposts' | 'replies' | 'quotes') => parts.reduce((n, p) => n + p[key], 0);
    const withImpressions = parts.filter((p) => p.impressions !== undefined);
    const figures = {
      likes: sum('likes'),
      reposts: sum('reposts'),
      replies: sum('replies'),
      quotes: sum('quotes'),
    };
    post.metrics = {
      ...figures,
      impressions:
        withImpressions.length > 0 ? withImpressions.reduce((n, p) => n + p.impressions!, 0) : undefined,
      engagement: figures.likes + figures.reposts + figures.replies + figures.quotes,
      at: parts
        .map((p) => p.at)
        .sort()
        .at(-1)!,
    };
  }
}

interface ScorecardInput {
  account: {
    id: string;
    handle: string;
    name: string | undefined;
    timezone: string;
    limits: { max_posts_per_day?: number; promo_share?: number };
  };
  posts: ReportPost[];
  snapshots: readonly MetricsRecord[];
  fromMs: number;
  toMs: number;
  minGapMinutes: number | undefined;
  problemsOf: (post: string) => Problem[];
  purses: ReadonlyMap<ReportPost, Purse>;
}

function scorecard(input: ScorecardInput): AccountScorecard {
  const { account, posts } = input;
  const byCategory = emptyByCategory();
  const weeks = new Map<string, { total: number; byCategory: Record<ReportCategory, number> }>();
  for (const post of posts) {
    byCategory[post.category]++;
    let week = weeks.get(post.week);
    if (!week) weeks.set(post.week, (week = { total: 0, byCategory: emptyByCategory() }));
    week.total++;
    week.byCategory[post.category]++;
  }
  const byWeek: AccountScorecard['posts']['byWeek'] = [];
  if (posts.length > 0) {
    const first = Date.parse(`${[...weeks.keys()].sort()[0]}T00:00:00Z`);
    const last = Date.parse(`${[...weeks.keys()].sort().at(-1)}T00:00:00Z`);
    for (let ms = first; ms <= last; ms += 7 * DAY) {
      const week = new Date(ms).toISOString().slice(0, 10);
      byWeek.push({ week, ...(weeks.get(week) ?? { total: 0, byCategory: emptyByCategory() }) });
    }
  }

  // Anti-spam pressure, measured on when posts really went out.
  const findings: LimitFinding[] = [];
  const cap = account.limits.max_posts_per_day;
  if (cap !== undefined) {
    const perDay = new Map<string, number>();
    for (const post of posts) perDay.set(post.localDate, (perDay.get(post.localDate) ?? 0) + 1);
    for (const [date, count] of [...perDay.entries()].sort()) {
      if (count >= cap)
        findings.push({ kind: 'daily-cap', date, posts: count, cap, status: count > cap ? 'over' : 'at' });
    }
  }
  if (input.minGapMinutes !== undefined && input.minGapMinutes > 0) {
    const minGap = input.minGapMinutes;
    for (let i = 1; i < posts.length; i++) {
      const minutes = (Date.parse(posts[i]!.publishedAt) - Date.parse(posts[i - 1]!.publishedAt)) / 60_000;
      if (minutes < minGap * (1 + NEAR_LIMIT)) {
        findings.push({
          kind: 'min-gap',
          post: posts[i]!.post,
          previous: posts[i - 1]!.post,
          minutes: Math.round(minutes),
          minGap,
          status: minutes < minGap ? 'under' : 'near',
        });
      }
    }
  }
  const promoLimit = account.limits.promo_share;
  if (promoLimit !== undefined && promoLimit < 1) {
    // Rolling 7 days ending at each deal: two pointers over the time-sorted posts.
    let start = 0;
    let deals = 0;
    for (let i = 0; i < posts.length; i++) {
      const at = Date.parse(posts[i]!.publishedAt);
      if (posts[i]!.category === 'deals') deals++;
      while (Date.parse(posts[start]!.publishedAt) <= at - 7 * DAY) {
        if (posts[start]!.category === 'deals') deals--;
        start++;
      }
      if (posts[i]!.category !== 'deals') continue;
      const share = deals / (i - start + 1);
      if (share >= promoLimit * (1 - NEAR_LIMIT)) {
        findings.push({
          kind: 'promo-share',
          post: posts[i]!.post,
          share: Math.round(share * 1000) / 1000,
          limit: promoLimit,
          status: share > promoLimit ? 'over' : 'near',
        });
      }
    }
  }
  const postProblems = posts.flatMap((post) =>
    input.problemsOf(post.post).map((p) => ({
      post: post.post,
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      file: p.file,
      line: p.line,
    })),
  );

  // Followers: the last snapshot before the range (or the first in it) to the last one in it.
  const accountSnapshots = input.snapshots
    .filter((r): r is Extract<MetricsRecord, { type: 'account' }> => r.type === 'account')
    .map((r) => ({ at: r.at, ms: Date.parse(r.at), count: r.followers }))
    .sort((a, b) => a.ms - b.ms);
  const before = accountSnapshots.filter((s) => s.ms < input.fromMs).at(-1);
  const within = accountSnapshots.filter((s) => s.ms >= input.fromMs && s.ms < input.toMs);
  const start = before ?? within[0];
  const end = within.at(-1) ?? before;
  const point = (s: { at: string; count: number } | undefined) =>
    s ? { at: s.at, count: s.count } : undefined;

  // Engagement.
  const measured = posts.filter((p) => p.metrics);
  const sum = (key: 'likes' | 'reposts' | 'replies' | 'quotes' | 'engagement') =>
    measured.reduce((n, p) => n + p.metrics![key], 0);
  const withImpressions = measured.filter((p) => p.metrics!.impressions !== undefined);
  const engagementByCategory = new Map<ReportCategory, { posts: number; engagement: number }>();
  for (const post of measured) {
    const entry = engagementByCategory.get(post.category) ?? { posts: 0, engagement: 0 };
    entry.posts++;
    entry.engagement += post.metrics!.engagement;
    engagementByCategory.set(post.category, entry);
  }
  const total = sum('engagement');
  const topPosts = [...measured]
    .sort((a, b) => b.metrics!.engagement - a.metrics!.engagement || (a.publishedAt < b.publishedAt ? -1 : 1))
    .slice(0, 5);

  // Business.
  const accountPurse = new Purse();
  const categoryPurses = new Map<ReportCategory, Purse>();
  for (const post of posts) {
    const purse = input.purses.get(post);
    if (!purse) continue;
    accountPurse.addPurse(purse);
    let categoryPurse = categoryPurses.get(post.category);
    if (!categoryPurse) categoryPurses.set(post.category, (categoryPurse = new Purse()));
    categoryPurse.addPurse(purse);
  }
  const followersEnd = end?.count;
  const round2 = (n: number) => Math.round(n * 100) / 100;

  return {
    account: account.id,
    handle: account.handle,
    name: account.name,
    timezone: account.timezone,
    posts: {
      total: posts.length,
      byCategory,
      byWeek,
      promotionalShare: posts.length > 0 ? byCategory.deals / posts.length : 0,
    },
    limits: { findings, problems: postProblems },
    followers: {
      start: point(start),
      end: point(end),
      growth: start && end ? end.count - start.count : undefined,
      series: within.map((s) => ({ at: s.at, count: s.count })),
    },
    engagement: {
      measuredPosts: measured.length,
      likes: sum('likes'),
      reposts: sum('reposts'),
      replies: sum('replies'),
      quotes: sum('quotes'),
      impressions:
        withImpressions.length > 0
          ? withImpressions.reduce((n, p) => n + p.metrics!.impressions!, 0)
          : undefined,
      total,
      perPost: ratio(total, measured.length),
      participation: ratio(sum('replies'), measured.length),
      influence: ratio(sum('reposts') + sum('quotes'), measured.length),
      byCategory: [...CATEGORIES, 'removed' as const]
        .filter((c) => engagementByCategory.has(c))
        .map((category) => {
          const e = engagementByCategory.get(category)!;
          return {
            category,
            posts: e.posts,
            engagement: e.engagement,
            perPost: ratio(e.engagement, e.posts),
          };
        }),
    },
    topPosts,
    business: {
      byCurrency: accountPurse.money().map((m) => ({
        ...m,
        perThousandFollowers: followersEnd ? round2((m.revenue * 1000) / followersEnd) : undefined,
      })),
      byCategory: [...CATEGORIES, 'removed' as const].flatMap((category) =>
        (categoryPurses.get(category)?.money() ?? []).map((m) => ({ category, ...m })),
      ),
    },
  };
}
