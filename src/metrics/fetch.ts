// Fetches the public metrics of an account's published posts and its follower count from its network,
// pacing itself by the lookup endpoint's rate limit. Network and clock come in as parameters; the CLI writes the records.

import type { Account } from '../model/types.js';
import { MAX_RATE_LIMIT_WAIT_SECONDS } from '../model/schema.js';
import type { LedgerState } from '../state/ledger.js';
import { identityCredentialNames } from '../platforms/registry.js';
import { type Platform, type PlatformClient, PlatformError } from '../platforms/types.js';
import { METRICS_VERSION, type MetricsRecord } from '../state/metrics.js';

/** What happened for one account. */
export interface AccountMetricsOutcome {
  account: string;
  /** "ok": everything fetched; "partial": stopped early (rate limit), what was fetched is kept; "failed": nothing. */
  status: 'ok' | 'partial' | 'failed';
  /** Records to append (empty when failed). */
  records: MetricsRecord[];
  /** Published post parts in the ledger, and how many came back with metrics. */
  parts: number;
  fetched: number;
  /** Platform ids the network did not return (deleted posts), with the post they belong to. */
  missing: { post: string; part: number; platformId: string }[];
  followers: number | undefined;
  /** Why the account failed or stopped early; safe to print (names variables, never values). */
  reason: string | undefined;
}

export interface FetchAccountOptions {
  account: Account;
  ledger: LedgerState;
  platform: Platform;
  credentials: { credentials: Record<string, string> } | { missing: string[] };
  createClient: (credentials: Record<string, string>) => Promise<PlatformClient>;
  /** The snapshot time written as `at` (from --now or the clock). */
  at: Date;
  run: string;
  /** The real clock, for rate-limit waits. */
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Wait for a rate-limit reset at most this long; a later reset stops the account (partial). */
  maxRateLimitWaitSeconds: number;
}

/** Fetch one account's snapshot. Never throws for the network's answers: failures are in the outcome. */
export async function fetchAccountMetrics(options: FetchAccountOptions): Promise<AccountMetricsOutcome> {
  const { account } = options;
  const at = options.at.toISOString();
  const parts: { post: string; part: number; platformId: string }[] = [];
  for (const [post, state] of options.ledger.posts) {
    for (const [part, sent] of state.sent) parts.push({ post, part, platformId: sent.platformId });
  }
  parts.sort((a, b) => (a.post === b.post ? a.part - b.part : a.post < b.post ? -1 : 1));
  const outcome: AccountMetricsOutcome = {
    account: account.id,
    status: 'ok',
    records: [],
    parts: parts.length,
    fetched: 0,
    missing: [],
    followers: undefined,
    reason: undefined,
  };
  const fail = (reason: string): AccountMetricsOutcome => ({
    ...outcome,
    status: 'failed',
    records: [],
    reason,
  });
  if ('missing' in options.credentials) {
    return fail(`credentials not set: ${options.credentials.missing.join(', ')}`);
  }
  const { platform } = options;
  let client: PlatformClient;
  try {
    client = await options.createClient(options.credentials.credentials);
    const me = await client.accountMetrics();
    if (!platform.account.sameHandle(me.handle, account.handle)) {
      return fail(
        `the credentials in ${identityCredentialNames(account, platform)} belong to ${platform.account.displayHandle(me.handle)}, not ${platform.account.displayHandle(account.handle)}; no metrics taken for this account`,
      );
    }
    outcome.followers = me.followers;
    outcome.records.push({
      v: METRICS_VERSION,
      type: 'account',
      account: account.id,
      followers: me.followers,
      following: me.following,
      posts: me.posts,
      at,
      run: options.run,
    });
  } catch (error) {
    if (error instanceof PlatformError) return fail(error.message);
    throw error;
  }

  const byId = new Map(parts.map((p) => [p.platformId, p]));
  // All waits of the account together stay within maxRateLimitWaitSeconds, however many batches there are.
  let waitedMs = 0;
  /** Wait for `resetAt` if it is near enough; false when the account has to stop. */
  const waitFor = async (resetAt: Date | undefined): Promise<boolean> => {
    const waitMs = resetAt ? resetAt.getTime() - options.clock().getTime() : Number.POSITIVE_INFINITY;
    // Never above MAX_RATE_LIMIT_WAIT_SECONDS, whatever the caller passes: a far reset stops, never sleeps.
    const maxMs = Math.min(options.maxRateLimitWaitSeconds, MAX_RATE_LIMIT_WAIT_SECONDS) * 1000;
    if (!(waitedMs + Math.max(0, waitMs) <= maxMs)) {
      outcome.status = 'partial';
      outcome.reason = `${platform.name}'s lookup rate limit is used up${resetAt ? ` until ${resetAt.toISOString()}` : ''}; ${parts.length - outcome.fetched - outcome.missing.length} post parts not fetched, run again later`;
      return false;
    }
    if (waitMs > 0) {
      waitedMs += waitMs;
      await options.sleep(waitMs + 250);
    }
    return true;
  };
  const batchSize = Math.max(1, client.metricsBatch);
  for (let start = 0; start < parts.length; start += batchSize) {
    const batch = parts.slice(start, start + batchSize).map((p) => p.platformId);
    let page;
    for (let attempt = 0; ; attempt++) {
      try {
        page = await client.postMetrics(batch);
        break;
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        if (error.kind === 'rate-limit') {
          if (attempt === 0 && (await waitFor(error.resetAt))) continue;
          if (outcome.status !== 'partial') {
            outcome.status = 'partial';
            outcome.reason = `${platform.name}'s lookup rate limit is still used up after waiting; ${parts.length - outcome.fetched - outcome.missing.length} post parts not fetched, run again later`;
          }
          return outcome;
        }
        outcome.status = 'partial';
        outcome.reason = error.message;
        return outcome;
      }
    }
    for (const post of page.posts) {
      const part = byId.get(post.id);
      if (!part) continue;
      outcome.fetched++;
      outcome.records.push({
        v: METRICS_VERSION,
        type: 'post',
        account: account.id,
        post: part.post,
        part: part.part,
        platform_id: post.id,
        likes: post.likes,
        reposts: post.reposts,
        replies: post.replies,
        quotes: post.quotes,
        ...(post.impressions === undefined ? {} : { impressions: post.impressions }),
        at,
        run: options.run,
      });
    }
    for (const id of page.missing) {
      const part = byId.get(id);
      if (part) outcome.missing.push(part);
    }
    const more = start + batchSize < parts.length;
    if (more && page.rateLimit && page.rateLimit.remaining <= 0 && !(await waitFor(page.rateLimit.resetAt))) {
      return outcome;
    }
  }
  return outcome;
}
