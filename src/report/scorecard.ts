// Scorecards: what each account's posting earned, computed from the workspace, the ledger, metrics
// snapshots and the shop's conversions. Pure: every input, including the date range, is a parameter.

import { channelKey, trackingNameOf } from '../model/types.js';
import { selectsChannel } from '../model/channels.js';
import { dailyCapBreaches, type LimitPost, minGapBreaches, promoShareBreaches } from '../lint/limits.js';
import type { Analysis } from '../pipeline/analyse.js';
import { type Account, type Category, CATEGORIES, type Problem } from '../model/types.js';
import type { PlatformId } from '../platforms/types.js';
import { localDate } from '../model/time.js';
import type { AnyRule } from '../lint/define-rule.js';
import type { RuleSettings } from '../lint/rule-settings.js';
import { rules as allRules } from '../rules/index.js';
import { type AccountConstraints, NO_CONSTRAINTS } from '../schedule/constraints.js';
import { trackingCode } from '../tracking/code.js';
import { type ConversionRow, REVENUE_SCALE } from './conversions.js';
import { type Cost, costOf, countParts, type CostCounts, type PriceTable, sumCosts } from './cost.js';

/** Version of the JSON shape (docs/scorecards.md#json); bumped on any incompatible change. */
export const REPORT_VERSION = 2 as const;

/** The rules whose limits the scorecard measures on what was really published (same walks as lint). */
export const LIMIT_RULES = ['max-posts-per-day', 'min-gap', 'promo-share'] as const;

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

/**
 * A limit the account broke, measured on the real publication times with the rules' own walks
 * (src/lint/limits.ts): a day over the cap, a post too close to the one before, a deal over the promo ration.
 * Being at a limit is not a finding.
 */
export type LimitFinding =
  | { rule: 'max-posts-per-day'; date: string; posts: number; cap: number }
  | { rule: 'min-gap'; date: string; post: string; previous: string; minutes: number; minGap: number }
  | {
      rule: 'promo-share';
      date: string;
      post: string;
      deals: number;
      posts: number;
      days: number;
      allowed: number;
      limit: number;
    };

/** The plain verdict on an account: within its limits, or which rules it broke on which local dates. */
export interface Verdict {
  ok: boolean;
  /** Broken limits and error-level lint problems on published posts, by rule, with local dates (sorted). */
  broken: { rule: string; dates: string[] }[];
  /** Warning-level lint problems on published posts, by rule. */
  warnings: { rule: string; dates: string[] }[];
}

/** Revenue in one currency minus what posting cost, when the cost is in that currency. */
export interface Net {
  currency: string;
  revenue: number;
  cost: number;
  net: number;
}

/** One account's scorecard. */
export interface AccountScorecard {
  account: string;
  handle: string;
  name: string | undefined;
  /** The network (`platform:` of the account file). */
  network: PlatformId;
  /** The network's name for people ("X", "Mastodon"). */
  networkName: string;
  /** What the account is for (`kind:`): brand or employee. */
  purpose: 'brand' | 'employee';
  /** The account's language, used as the locale of numbers and dates in the table and HTML formats. */
  locale: string;
  timezone: string;
  posts: {
    /** Posts published in the range (same as `published`, kept for version-1 readers). */
    total: number;
    published: number;
    /** Planned posts in the range that can no longer go out (late window passed, deal expired), not failed ones. */
    missed: number;
    /** Posts whose last attempt in the range failed and that were not published. */
    failed: number;
    byCategory: Record<ReportCategory, number>;
    /** Every week from the first to the last post, empty weeks included, with the revenue of its posts. */
    byWeek: {
      week: string;
      total: number;
      byCategory: Record<ReportCategory, number>;
      revenue: { currency: string; revenue: number }[];
    }[];
    /** Share of deals among the posts (0..1); undefined when nothing was published. */
    promotionalShare: number | undefined;
    /** The promo-share rule's limit for the account, undefined when the rule is off. */
    promoLimit: { max: number; days: number } | undefined;
  };
  verdict: Verdict;
  limits: {
    findings: LimitFinding[];
    /** Lint problems (current rules) on posts that were published in the range. */
    problems: {
      post: string;
      /** Local date the post was published. */
      date: string;
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
  /**
   * What the published posts and the metrics reads in the range cost; undefined when nothing was bought in the
   * range or the network has no prices.
   */
  cost: Cost | undefined;
  /** Revenue minus cost, per currency (the cost only counts in its own currency). */
  net: Net[];
}

/** One account in the overview: the figures of its scorecard a manager reads first. */
export interface OverviewRow {
  account: string;
  handle: string;
  name: string | undefined;
  network: PlatformId;
  networkName: string;
  purpose: 'brand' | 'employee';
  locale: string;
  published: number;
  missed: number;
  failed: number;
  promotionalShare: number | undefined;
  promoLimit: number | undefined;
  /** How many limits and error-level rules were broken (each finding and problem once). */
  rulesBroken: number;
  followerChange: number | undefined;
  engagementPerPost: number | undefined;
  revenue: Money[];
  revenuePerThousandFollowers: { currency: string; amount: number }[];
  cost: Cost | undefined;
  net: Net[];
  verdict: Verdict;
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
  /** One row per account, in the order of `accounts` (largest revenue first). */
  overview: OverviewRow[];
  /** Sorted by revenue in `primaryCurrency`, then orders, then engagement, then id. */
  accounts: AccountScorecard[];
  /**
   * The currency accounts are ranked by: the one most accounts earned in (ties: the currency posting costs
   * are in, then alphabetical); null without revenue.
   */
  primaryCurrency: string | undefined;
  posts: ReportPost[];
  business: {
    /** False when no conversions file was given (business figures are then all empty). */
    conversions: boolean;
    byCurrency: Money[];
    unmatched: UnmatchedConversion[];
    /** Rows for posts of accounts not selected, or published outside the range, or dated outside it. */
    outsideReport: number;
    /** What posting cost, all accounts, per currency. */
    cost: Cost[];
    /** Revenue minus cost, all accounts, per currency. */
    net: Net[];
  };
}

/**
 * What the scorecard reads of an account's ledger: when and where each post's parts went out (part 0 is the
 * main post). Plain data: the commands replay the ledger (src/state/) and pass the result in.
 */
export interface LedgerState {
  posts: ReadonlyMap<string, { sent: ReadonlyMap<number, { url: string; at: Date }> }>;
  /** Posts with a `failed` record: post id → the time of the last failure (the commands read it from the records). */
  failed?: ReadonlyMap<string, Date>;
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
  outcome: Pick<Analysis, 'workspace' | 'settings' | 'problems'> &
    Partial<Pick<Analysis, 'history' | 'timeline'>>;
  /** What each network charges (src/report/cost.ts `priceTable`); no cost is shown without it. */
  prices?: PriceTable;
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
  const { workspace } = input.outcome;
  // Published posts are history to lint, but the scorecard judges them: both lists.
  const problems = [...input.outcome.problems, ...(input.outcome.history ?? [])];
  const fromMs = input.from ? Date.parse(`${input.from}T00:00:00Z`) : Number.NEGATIVE_INFINITY;
  const toMs = input.to ? Date.parse(`${input.to}T00:00:00Z`) + DAY : Number.POSITIVE_INFINITY;
  const inRange = (ms: number) => ms >= fromMs && ms < toMs;
  const selected = (id: string) => selectsChannel(input.accounts, id);

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
        code: trackingCode(trackingNameOf(account), postId),
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
    for (const post of workspace.posts) {
      const account = workspace.accounts.get(post.account);
      const name = account ? trackingNameOf(account) : post.account;
      plannedByCode.set(trackingCode(name, post.id), { account: post.account, post: post.id });
    }
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
    // A finding without a channel holds on every channel of its account.
    const keys = problem.channel
      ? [channelKey(problem.account, problem.channel)]
      : (workspace.channels?.get(problem.account)?.map((channel) => channel.id) ?? [problem.account]);
    for (const channel of keys) {
      const key = `${channel}\u0000${problem.postId}`;
      const list = problemsByPost.get(key);
      if (list) list.push(problem);
      else problemsByPost.set(key, [problem]);
    }
  }

  // Posts whose last attempt in the range failed and that never went out, per account.
  const failedOf = new Map<string, Set<string>>();
  for (const [accountId, ledger] of input.ledgers) {
    const failed = new Set<string>();
    for (const [post, at] of ledger.failed ?? []) {
      if (inRange(at.getTime()) && !ledger.posts.get(post)?.sent.has(0)) failed.add(post);
    }
    failedOf.set(accountId, failed);
  }
  // Rendered parts of every planned post (for the price of a part with or without a URL) and missed posts:
  // a post that failed and then ran out of time counts once, as failed.
  const partsOf = new Map<string, readonly { links: readonly string[] }[]>();
  const missedOf = new Map<string, number>();
  for (const entry of input.outcome.timeline?.entries ?? []) {
    partsOf.set(`${entry.account.id}\u0000${entry.post.id}`, entry.rendered.parts);
    if (entry.missed && !entry.published && !failedOf.get(entry.account.id)?.has(entry.post.id)) {
      const day = entry.missed.key.slice(0, 10);
      if (inRange(Date.parse(`${day}T12:00:00Z`)))
        missedOf.set(entry.account.id, (missedOf.get(entry.account.id) ?? 0) + 1);
    }
  }

  for (const account of [...workspace.accounts.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!selected(account.id)) continue;
    const posts = postsOf.get(account.id) ?? [];
    const snapshots = input.metrics.get(account.id) ?? [];
    attachMetrics(posts, snapshots, toMs);
    const failed = failedOf.get(account.id)?.size ?? 0;
    const prices = input.prices?.[account.platform];
    let cost: Cost | undefined;
    if (prices) {
      const counts: CostCounts = { postsWithoutUrl: 0, postsWithUrl: 0, reads: 0 };
      for (const post of posts) {
        const sent = input.ledgers.get(account.id)?.posts.get(post.post)?.sent.size ?? 1;
        const parts = partsOf.get(`${account.id}\u0000${post.post}`);
        // A post no longer in any calendar: its parts are unknown, each is counted as a post without a URL.
        countParts(
          counts,
          parts ? parts.slice(0, sent) : Array.from({ length: sent }, () => ({ links: [] })),
        );
      }
      counts.reads = snapshots.filter((r) => {
        const ms = Date.parse(r.at);
        return ms >= fromMs && ms < toMs;
      }).length;
      // Nothing bought (no post, no read in the range): no cost to show rather than "0 posts, 0 reads".
      if (counts.postsWithoutUrl + counts.postsWithUrl + counts.reads > 0) cost = costOf(prices, counts);
    }
    const card = scorecard({
      account,
      networkName: workspace.platforms?.get(account.platform)?.name ?? account.platform,
      constraints: limitConstraints(input.outcome.settings, account.id),
      posts,
      missed: missedOf.get(account.id) ?? 0,
      failed,
      snapshots,
      fromMs,
      toMs,
      problemsOf: (post) => problemsByPost.get(`${account.id}\u0000${post}`) ?? [],
      purses,
      cost,
    });
    accounts.push(card);
  }

  const primaryCurrency = primaryCurrencyOf(accounts);
  const revenueIn = (card: AccountScorecard) =>
    card.business.byCurrency.find((m) => m.currency === primaryCurrency)?.revenue ?? 0;
  const orders = (card: AccountScorecard) => card.business.byCurrency.reduce((n, m) => n + m.orders, 0);
  accounts.sort(
    (a, b) =>
      revenueIn(b) - revenueIn(a) ||
      orders(b) - orders(a) ||
      b.engagement.total - a.engagement.total ||
      (a.account < b.account ? -1 : 1),
  );
  const costs = sumCosts(accounts.flatMap((card) => (card.cost ? [card.cost] : [])));
  const byCurrency = total.money();

  return {
    version: REPORT_VERSION,
    generatedAt: input.now.toISOString(),
    range: { from: input.from, to: input.to },
    overview: accounts.map(overviewRow),
    accounts,
    primaryCurrency,
    posts: reportPosts,
    business: {
      conversions: input.conversions !== undefined,
      byCurrency,
      unmatched,
      outsideReport,
      cost: costs,
      net: netOf(byCurrency, costs),
    },
  };
}

/** The currency most accounts earned in (ties: the cost currency, then alphabetical); undefined without revenue. */
function primaryCurrencyOf(cards: readonly AccountScorecard[]): string | undefined {
  const count = new Map<string, number>();
  for (const card of cards)
    for (const m of card.business.byCurrency) count.set(m.currency, (count.get(m.currency) ?? 0) + 1);
  // A tie goes to the currency posting is paid in (what the business counts in), then alphabetically.
  const costCurrencies = new Set(cards.flatMap((card) => (card.cost ? [card.cost.currency] : [])));
  return [...count.entries()].sort(
    (a, b) =>
      b[1] - a[1] ||
      Number(costCurrencies.has(b[0])) - Number(costCurrencies.has(a[0])) ||
      (a[0] < b[0] ? -1 : 1),
  )[0]?.[0];
}

/** Revenue minus costs per currency: every currency that has either. Exact to 1/10000 (revenue's precision). */
export function netOf(revenue: readonly Money[], costs: readonly Cost[]): Net[] {
  const currencies = [
    ...new Set([...revenue.map((m) => m.currency), ...costs.map((c) => c.currency)]),
  ].sort();
  return currencies.map((currency) => {
    const earned = revenue.find((m) => m.currency === currency)?.revenue ?? 0;
    const spent = costs.filter((c) => c.currency === currency).reduce((n, c) => n + c.amount, 0);
    // Revenue has 4 decimals and costs 6 at most: round to 6 to drop binary noise.
    const round = (n: number) => Math.round(n * 1_000_000) / 1_000_000;
    return { currency, revenue: round(earned), cost: round(spent), net: round(earned - spent) };
  });
}

/** The overview row of a scorecard: the same figures, nothing recomputed. */
export function overviewRow(card: AccountScorecard): OverviewRow {
  return {
    account: card.account,
    handle: card.handle,
    name: card.name,
    network: card.network,
    networkName: card.networkName,
    purpose: card.purpose,
    locale: card.locale,
    published: card.posts.published,
    missed: card.posts.missed,
    failed: card.posts.failed,
    promotionalShare: card.posts.promotionalShare,
    promoLimit: card.posts.promoLimit?.max,
    rulesBroken: card.verdict.broken.reduce((n, b) => n + b.dates.length, 0),
    followerChange: card.followers.growth,
    engagementPerPost: card.engagement.perPost,
    revenue: card.business.byCurrency.map(({ currency, orders, revenue }) => ({ currency, orders, revenue })),
    revenuePerThousandFollowers: card.business.byCurrency.flatMap((m) =>
      m.perThousandFollowers === undefined ? [] : [{ currency: m.currency, amount: m.perThousandFollowers }],
    ),
    cost: card.cost,
    net: card.net,
    verdict: card.verdict,
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
  account: Account;
  networkName: string;
  constraints: AccountConstraints;
  posts: ReportPost[];
  missed: number;
  failed: number;
  snapshots: readonly MetricsRecord[];
  fromMs: number;
  toMs: number;
  problemsOf: (post: string) => Problem[];
  purses: ReadonlyMap<ReportPost, Purse>;
  cost: Cost | undefined;
}

/**
 * The limits of an account as its rules set them (defaults ← chorus.yaml ← account file), read through each
 * rule's own `schedulingConstraint`, as the planner gets them; a rule that is off, or not in the run, sets none.
 */
export function limitConstraints(settings: RuleSettings, account: string): AccountConstraints {
  let constraints: AccountConstraints = { ...NO_CONSTRAINTS };
  for (const id of LIMIT_RULES) {
    if (!settings.has(id)) continue;
    const setting = settings.get(id, account);
    if (setting.severity === 'off') continue;
    const rule: AnyRule = allRules[id];
    constraints = { ...constraints, ...rule.meta.schedulingConstraint!(setting.options) };
  }
  return constraints;
}

/** The broken limits of an account's published posts (sorted by time), with the rules' own walks. */
export function limitFindings(
  posts: readonly Pick<ReportPost, 'post' | 'category' | 'publishedAt' | 'localDate'>[],
  timezone: string,
  constraints: Pick<AccountConstraints, 'maxPostsPerDay' | 'minGapMinutes' | 'promoShare'>,
): LimitFinding[] {
  const timed: LimitPost[] = posts.map((p) => ({
    at: Date.parse(p.publishedAt),
    deal: p.category === 'deals',
  }));
  const findings: LimitFinding[] = [];
  const cap = constraints.maxPostsPerDay;
  if (cap !== undefined) {
    // One finding per day, with the day's total (the rule reports each post past the cap).
    const days = new Map<string, number>();
    for (const breach of dailyCapBreaches(timed, timezone, cap)) days.set(breach.date, breach.count);
    for (const [date, count] of days) findings.push({ rule: 'max-posts-per-day', date, posts: count, cap });
  }
  const minGap = constraints.minGapMinutes;
  if (minGap !== undefined) {
    for (const breach of minGapBreaches(timed, minGap)) {
      findings.push({
        rule: 'min-gap',
        date: posts[breach.index]!.localDate,
        post: posts[breach.index]!.post,
        previous: posts[breach.index - 1]!.post,
        minutes: Math.floor(breach.gapMs / 60_000),
        minGap,
      });
    }
  }
  const promo = constraints.promoShare;
  if (promo !== undefined) {
    for (const breach of promoShareBreaches(timed, promo)) {
      findings.push({
        rule: 'promo-share',
        date: posts[breach.index]!.localDate,
        post: posts[breach.index]!.post,
        deals: breach.deals,
        posts: breach.posts,
        days: promo.days,
        allowed: breach.allowed,
        limit: promo.max,
      });
    }
  }
  return findings.sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? -1 : 1));
}

function scorecard(input: ScorecardInput): AccountScorecard {
  const { account, posts } = input;
  const byCategory = emptyByCategory();
  const weeks = new Map<
    string,
    { total: number; byCategory: Record<ReportCategory, number>; purse: Purse }
  >();
  const emptyWeek = () => ({ total: 0, byCategory: emptyByCategory(), purse: new Purse() });
  for (const post of posts) {
    byCategory[post.category]++;
    let week = weeks.get(post.week);
    if (!week) weeks.set(post.week, (week = emptyWeek()));
    week.total++;
    week.byCategory[post.category]++;
    const purse = input.purses.get(post);
    if (purse) week.purse.addPurse(purse);
  }
  const byWeek: AccountScorecard['posts']['byWeek'] = [];
  if (posts.length > 0) {
    const first = Date.parse(`${[...weeks.keys()].sort()[0]}T00:00:00Z`);
    const last = Date.parse(`${[...weeks.keys()].sort().at(-1)}T00:00:00Z`);
    for (let ms = first; ms <= last; ms += 7 * DAY) {
      const week = new Date(ms).toISOString().slice(0, 10);
      const { total, byCategory: categories, purse } = weeks.get(week) ?? emptyWeek();
      byWeek.push({
        week,
        total,
        byCategory: categories,
        revenue: purse.money().map(({ currency, revenue }) => ({ currency, revenue })),
      });
    }
  }

  // Anti-spam limits, measured on when posts really went out, with the rules' own walks and options.
  const findings = limitFindings(posts, account.timezone, input.constraints);
  // The three limit rules are already findings (same walks); their lint copies would only repeat them.
  const limitRules = new Set<string>(LIMIT_RULES);
  const postProblems = posts.flatMap((post) =>
    input
      .problemsOf(post.post)
      .filter((p) => !limitRules.has(p.ruleId))
      .map((p) => ({
        post: post.post,
        date: post.localDate,
        ruleId: p.ruleId,
        severity: p.severity,
        message: p.message,
        file: p.file,
        line: p.line,
      })),
  );
  const verdict = verdictOf(findings, postProblems);

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

  const byCurrency = accountPurse.money();
  return {
    account: account.id,
    handle: account.handle,
    name: account.name,
    network: account.platform,
    networkName: input.networkName,
    purpose: account.kind,
    locale: account.language,
    timezone: account.timezone,
    posts: {
      total: posts.length,
      published: posts.length,
      missed: input.missed,
      failed: input.failed,
      byCategory,
      byWeek,
      promotionalShare: posts.length > 0 ? byCategory.deals / posts.length : undefined,
      promoLimit: input.constraints.promoShare,
    },
    verdict,
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
      byCurrency: byCurrency.map((m) => ({
        ...m,
        perThousandFollowers: followersEnd ? round2((m.revenue * 1000) / followersEnd) : undefined,
      })),
      byCategory: [...CATEGORIES, 'removed' as const].flatMap((category) =>
        (categoryPurses.get(category)?.money() ?? []).map((m) => ({ category, ...m })),
      ),
    },
    cost: input.cost,
    net: netOf(byCurrency, input.cost ? [input.cost] : []),
  };
}

/** Group broken limits and lint problems by rule, with their local dates (each date once, sorted). */
export function verdictOf(
  findings: readonly LimitFinding[],
  problems: readonly { ruleId: string; severity: 'warn' | 'error'; date: string }[],
): Verdict {
  const group = (items: { rule: string; date: string }[]) => {
    const byRule = new Map<string, Set<string>>();
    for (const { rule, date } of items) {
      const dates = byRule.get(rule) ?? new Set<string>();
      dates.add(date);
      byRule.set(rule, dates);
    }
    return [...byRule.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([rule, dates]) => ({ rule, dates: [...dates].sort() }));
  };
  const broken = group([
    ...findings.map((f) => ({ rule: f.rule, date: f.date })),
    ...problems.filter((p) => p.severity === 'error').map((p) => ({ rule: p.ruleId, date: p.date })),
  ]);
  const warnings = group(
    problems.filter((p) => p.severity === 'warn').map((p) => ({ rule: p.ruleId, date: p.date })),
  );
  return { ok: broken.length === 0, broken, warnings };
}
