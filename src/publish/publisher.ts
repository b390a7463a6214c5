// The publish loop: accounts concurrently (bounded), posts of one account in time order, each part behind
// a durable intent record, unknown outcomes reconciled against the network before anything is sent again.
// Network calls go through the account's platform (src/platforms/); nothing here knows which network.

import { setImmediate, setTimeout as delay } from 'node:timers/promises';
import { WorkspaceError } from '../errors.js';
import { readMediaFile } from '../workspace/media-file.js';
import type { Account, Problem } from '../model/types.js';
import { MAX_LOCK_WAIT_SECONDS, MAX_RATE_LIMIT_WAIT_SECONDS } from '../model/schema.js';
import type { TimelineEntry } from '../schedule/timeline.js';
import type { PublishedReport, PublishResult } from '../format/publish-result.js';
import { type DuePost, recordFromTheFuture, selectDue } from './due.js';
import {
  type IntentRecord,
  LEDGER_VERSION,
  type LedgerRecord,
  type LedgerState,
  replayLedger,
  textSha256,
} from '../state/ledger.js';
import { LedgerWriteError, type LedgerWriter, type OpenFile } from '../state/ledger-file.js';
import type { LockTiming } from '../state/lock.js';
import { fileStateStore } from '../state/file-store.js';
import type { StateStore } from '../state/store.js';
import type { Redact } from '../platforms/redact.js';
import { identityCredentialNames, type PlatformRegistry } from '../platforms/registry.js';
import { RECONCILE_MARGIN_MS } from '../platforms/timeline-match.js';
import {
  type Platform,
  type PlatformClient,
  PlatformError,
  type PostRef,
  type SentQuery,
  type UploadedMedia,
} from '../platforms/types.js';

export type { PlannedPost, PublishedReport, PublishResult } from '../format/publish-result.js';

/** One account's share of the run. */
export interface AccountJob {
  account: Account;
  /** The account's timeline entries, in time order. */
  entries: TimelineEntry[];
  /** Error-severity lint problems by post id. */
  errorsByPost: Map<string, Problem[]>;
  /** 0 when the min-gap rule is off. */
  minGapMinutes: number;
  /**
   * The account's ledger records as the command read them before linting, so an account with nothing to
   * do is decided without reading its ledger again; undefined: the publisher reads it. Whatever is sent is
   * decided from the ledger as re-read under the lock.
   */
  ledgerRecords?: readonly LedgerRecord[] | undefined;
}

/** Credentials of an account, or the names of the variables that are not set. */
export type CredentialLookup = { credentials: Record<string, string> } | { missing: string[] };

export interface PublishOptions {
  root: string;
  jobs: AccountJob[];
  /** The run's time: --now or the clock at start; advances with the real clock during the run. */
  clock: () => Date;
  lateWindowMinutes: number;
  concurrency: number;
  maxRateLimitWaitSeconds: number;
  lockWaitSeconds: number;
  dryRun: boolean;
  runId: string;
  credentials: (account: Account) => CredentialLookup;
  /** The networks, by id (the workspace's registry). */
  platforms: PlatformRegistry;
  /** The environment's endpoint settings (CHORUS_X_API_URL, CHORUS_ALLOWED_SERVERS), passed to clients. */
  env: Readonly<Record<string, string | undefined>>;
  /** Wall-clock milliseconds, for rate-limit resets the network gives in real time; replaceable in tests. */
  wallClock?: () => number;
  /** Removes secret values from every reason reported or written to the ledger (the CLI passes its own). */
  redact?: Redact;
  /** Rate-limit waits; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** How the ledger file is opened; replaceable in tests (short writes, a full disk). */
  openLedgerFile?: OpenFile;
  /** Lock ageing; replaceable in tests. */
  lockTiming?: LockTiming;
  /** Where the ledger and the locks are; default: the files under state/ (with the two hooks above). */
  state?: StateStore;
}

/** 429s (or a used-up window) for one post before the account is deferred, whatever the network says about the reset. */
export const MAX_RATE_LIMIT_RETRIES_PER_POST = 3;
/** 429s for one account in one run before the account is deferred. */
export const MAX_RATE_LIMIT_RETRIES_PER_RUN = 10;

/** The longest single sleep (setTimeout fires at once, with a warning, beyond 2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;
const realSleep = (ms: number): Promise<void> => delay(Math.min(MAX_TIMER_MS, Math.max(0, ms || 0)));

/**
 * The longest rate-limit wait of a run, in ms: the setting, never above MAX_RATE_LIMIT_WAIT_SECONDS
 * whatever a caller passes, so a reset far away (or a bogus one) means defer, never a long sleep or a resend.
 */
function maxRateLimitWaitMs(options: PublishOptions): number {
  const seconds = Math.min(options.maxRateLimitWaitSeconds, MAX_RATE_LIMIT_WAIT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** Run `task` over `items` with at most `limit` running at once, keeping results in order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function emptyResult(): PublishResult {
  return { published: [], deferred: [], missed: [], skipped: [], failed: [], planned: [] };
}

/** Publish everything due for every job; one account's failure never stops the others. */
export async function publish(options: PublishOptions): Promise<PublishResult> {
  const perAccount = await mapBounded(options.jobs, options.concurrency, async (job) => {
    const result = emptyResult();
    try {
      await publishAccount(job, options, result);
    } catch (error) {
      // A ledger that cannot be written or read is this account's problem only; id "*" = the whole account.
      const where =
        error instanceof WorkspaceError && error.file
          ? `${error.file}${error.line === undefined ? '' : `:${error.line}`}: `
          : '';
      const hint = error instanceof WorkspaceError && error.hint ? ` (${error.hint})` : '';
      const reason = (error instanceof Error ? error.message : String(error)) + hint;
      result.failed.push({
        account: job.account.id,
        id: '*',
        reason: `publishing stopped: ${where}${reason}`,
      });
    }
    return result;
  });
  const total = emptyResult();
  for (const result of perAccount) {
    for (const key of Object.keys(total) as (keyof PublishResult)[]) {
      (total[key] as unknown[]).push(...result[key]);
    }
  }
  // The network's (or a gateway's) words end up in reasons: whatever they echoed of the credentials is removed here.
  const redact = options.redact;
  if (redact) {
    for (const list of [total.deferred, total.missed, total.skipped, total.failed]) {
      for (const report of list) report.reason = redact(report.reason);
    }
  }
  return total;
}

function credentialNames(account: Account): string {
  return Object.values(account.credentials).join(', ');
}

/** The look-back margin of a reconciliation: from the earliest intent, less clock skew. */
function searchSince(intents: readonly IntentRecord[]): Date {
  const earliest = Math.min(...intents.map((intent) => new Date(intent.at).getTime()));
  return new Date(earliest - RECONCILE_MARGIN_MS);
}

/** A sent part's reference, as the ledger keeps it. */
function refOf(
  sent: { platformId: string; cid?: string | undefined; url: string } | undefined,
): PostRef | undefined {
  return sent ? { id: sent.platformId, ...(sent.cid ? { cid: sent.cid } : {}), url: sent.url } : undefined;
}

/** What the network needs to find a part whose outcome is unknown. */
function sentQuery(
  account: Account,
  entry: TimelineEntry,
  intent: IntentRecord,
  parent: PostRef | undefined,
  since: Date,
): SentQuery {
  // An intent inherited from the ledger of before the account had channels was sent under the account id
  // (Bluesky's record key is made from it), not under this channel's key.
  const sentAs = account.inheritsLedger && intent.channel === undefined ? account.accountId : account.id;
  return {
    key: { account: sentAs, post: entry.post.id, part: intent.part },
    text: entry.rendered.parts[intent.part]?.text ?? '',
    textSha256: intent.text_sha256,
    trackingCode: intent.part === 0 ? entry.rendered.trackingCode : undefined,
    ...(parent ? { parent } : {}),
    since,
  };
}

/**
 * The network a ledger's posts plainly went out on: the first post URL on a host only one network uses
 * (`x.com`, `bsky.app`), or on this channel's own instance (Mastodon); undefined when no URL tells.
 */
function networkOfRecords(
  records: readonly LedgerRecord[],
  platforms: PlatformRegistry,
  channel: { platform: Platform; account: Account },
): Platform | undefined {
  for (const record of records) {
    if ((record.type !== 'published' && record.type !== 'reconciled') || !record.url) continue;
    let url: URL;
    try {
      url = new URL(record.url);
    } catch {
      continue;
    }
    const host = url.host.toLowerCase();
    for (const platform of platforms.values())
      if (platform.account.postUrlHosts?.includes(host)) return platform;
    if (channel.platform.account.isOwnPostUrl?.(url, channel.account)) return channel.platform;
  }
  return undefined;
}

async function publishAccount(
  job: AccountJob,
  options: PublishOptions,
  result: PublishResult,
): Promise<void> {
  const { account } = job;
  const state =
    options.state ??
    fileStateStore(options.root, { openLedgerFile: options.openLedgerFile, lockTiming: options.lockTiming });
  const platform = options.platforms.get(account.platform);
  if (!platform) throw new Error(`no platform "${account.platform}" for account ${account.id}`);
  const records: LedgerRecord[] = [];
  let ledger: LedgerState = replayLedger([]);
  // The ledger as it is on disk now; one that cannot be read stops this account, located.
  const readRecords = async () => {
    const read = await state.readAccount(account.id);
    if (read.problem !== undefined) throw read.problem;
    if (account.channel === undefined) return read.records;
    // An account with channels: the ledger it kept before is its first channel's history. When that ledger
    // plainly went out on another network (its URLs are on that network's hosts), the channel on that
    // network would send those posts again: stop every channel it concerns, and say what to change.
    const before = await state.readAccount(account.accountId);
    if (before.problem !== undefined) throw before.problem;
    const wentTo = networkOfRecords(before.records, options.platforms, { platform, account });
    if (wentTo && (wentTo === platform) !== account.inheritsLedger) {
      throw new WorkspaceError(
        `this ledger, from before ${account.accountId} had channels, holds posts that went out on ${wentTo.name}, but the account's first channel (which inherits it) is not its ${wentTo.name} channel; nothing is sent on ${account.id}`,
        {
          file: state.ledgerName(account.accountId),
          hint: `List ${wentTo.id} first under \`channels:\` in ${account.file}: the first channel inherits the account's earlier ledger.`,
        },
      );
    }
    return account.inheritsLedger ? [...before.records, ...read.records] : read.records;
  };
  const reload = async (known?: readonly LedgerRecord[]) => {
    records.splice(0, records.length, ...(known ?? (await readRecords())));
    // A run whose clock is behind the ledger must not decide what is due or missed: stop this account.
    const now = options.clock();
    const ahead = recordFromTheFuture(records, now);
    if (ahead) {
      throw new WorkspaceError(
        `a ${ahead.type} record of "${ahead.post}" is dated ${ahead.at}, after this run's time ${now.toISOString()}; nothing is sent or recorded for this account`,
        {
          file: state.ledgerName(account.id),
          hint: 'Is the clock (or --now) behind the runs that wrote the ledger? Run again with the right time; a record from the future that is wrong must be removed by hand.',
        },
      );
    }
    ledger = replayLedger(records);
  };
  const select = () =>
    selectDue({
      entries: job.entries,
      ledger,
      errorsByPost: job.errorsByPost,
      now: options.clock(),
      lateWindowMinutes: options.lateWindowMinutes,
    });

  await reload(job.ledgerRecords);
  if (options.dryRun) {
    dryRun(account, platform, select(), ledger, result);
    return;
  }
  const first = select();
  if (first.due.length === 0 && first.unknown.length === 0 && first.missed.length === 0) {
    result.skipped.push(...first.skipped);
    return;
  }

  // Right account, or nothing: whom the credentials belong to is asked while the lock is taken and the
  // ledger re-read (the answer depends on neither), and checked before anything is sent.
  const lookup = options.credentials(account);
  let identity: Promise<IdentityCheck> | undefined;
  const checkIdentity = (credentials: Record<string, string>) =>
    (identity ??= askIdentity(account, platform, credentials, options));
  if ((first.due.length > 0 || first.unknown.length > 0) && 'credentials' in lookup) {
    void checkIdentity(lookup.credentials);
  }

  // The lock's file work waits a turn of the event loop, so the identity requests are on their way first.
  if (identity) await setImmediate();
  const lock = await state.lockAccount(
    account.id,
    Math.min(Math.max(0, options.lockWaitSeconds || 0), MAX_LOCK_WAIT_SECONDS) * 1000,
  );
  if (!lock) {
    // Let the question finish (it never rejects), so no request is left behind unanswered.
    await identity;
    for (const item of [...first.due.map((d) => d.entry), ...first.unknown]) {
      result.deferred.push({
        account: account.id,
        id: item.post.id,
        reason: 'locked by another chorus publish run; it or the next run sends this',
      });
    }
    // Missed posts are recorded under the lock only: report them now, so none is dropped unsaid.
    for (const missed of first.missed) {
      result.deferred.push({
        account: account.id,
        id: missed.id,
        reason: `missed (${missed.reason}); locked by another chorus publish run, which records it, or the next run does`,
      });
    }
    result.skipped.push(...first.skipped);
    return;
  }
  let writer: Promise<LedgerWriter> | undefined;
  /** Ends the network session once the account is done (set once a client exists). */
  let closeClient: (() => Promise<void> | undefined) | undefined;
  // Opened ahead of the first record when one is likely (a file it creates and never writes is removed).
  const openWriter = () => (writer ??= state.openWriter(account.id));
  try {
    // Another run may have published while we waited: decide again from the ledger as it is now.
    await reload();
    let selection = select();
    const redact = options.redact ?? ((text: string) => text);
    const append = async (record: LedgerRecord) => {
      // Reasons carry X's words: no secret reaches the committed ledger.
      const safe = 'reason' in record ? { ...record, reason: redact(record.reason) } : record;
      await (await openWriter()).append(safe);
      records.push(safe);
    };
    const stamp = () => ({
      v: LEDGER_VERSION,
      account: account.accountId,
      ...(account.channel ? { channel: account.channel } : {}),
      at: options.clock().toISOString(),
      run: options.runId,
    });
    // Missed posts are recorded, so each is reported once (for its planned time), not on every run.
    const finishReports = async () => {
      for (const missed of selection.missed) {
        await append({
          ...stamp(),
          type: 'missed',
          post: missed.id,
          part: 0,
          planned: missed.planned,
          reason: missed.reason,
        });
        result.missed.push({ account: missed.account, id: missed.id, reason: missed.reason });
      }
      result.skipped.push(...selection.skipped);
    };
    const failAll = (reason: string) => {
      for (const item of [...selection.due.map((d) => d.entry), ...selection.unknown]) {
        result.failed.push({ account: account.id, id: item.post.id, reason });
      }
    };
    if (selection.due.length === 0 && selection.unknown.length === 0) {
      await finishReports();
      return;
    }

    if ('missing' in lookup) {
      failAll(`credentials missing: set the environment variable(s) ${lookup.missing.join(', ')}`);
      await finishReports();
      return;
    }
    // While the network answers, open the ledger, so the first intent is one durable write away from its request.
    // An error opening it is reported by the first append, as if it had been opened then.
    openWriter().catch(() => undefined);
    const checked = await checkIdentity(lookup.credentials);
    if (checked.kind === 'error') throw checked.error;
    if (checked.kind === 'refused') {
      failAll(checked.reason);
      await finishReports();
      return;
    }
    const { client } = checked;
    closeClient = () => client.close?.();
    // Unknown outcomes first: look the parts up on the network before anything is sent again.
    if (selection.unknown.length > 0) {
      const asked: { entry: TimelineEntry; intent: IntentRecord }[] = [];
      for (const entry of selection.unknown) {
        const state = ledger.posts.get(entry.post.id)!;
        for (const intent of [...state.unknown.values()].sort((a, b) => a.part - b.part))
          asked.push({ entry, intent });
      }
      const since = searchSince(asked.map((a) => a.intent));
      const queries = asked.map(({ entry, intent }) =>
        sentQuery(
          account,
          entry,
          intent,
          intent.part > 0 ? refOf(ledger.posts.get(entry.post.id)?.sent.get(intent.part - 1)) : undefined,
          since,
        ),
      );
      let found: (PostRef | undefined)[];
      try {
        found = await client.findSent(queries);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        for (const entry of selection.unknown) {
          result.failed.push({
            account: account.id,
            id: entry.post.id,
            reason: `the outcome of an earlier attempt is unknown and ${platform.name} could not be checked (${reason}); nothing is sent until it can be`,
          });
        }
        for (const due of selection.due) {
          result.deferred.push({
            account: account.id,
            id: due.entry.post.id,
            reason: `waits until ${platform.name} can be checked`,
          });
        }
        await finishReports();
        return;
      }
      for (const [index, { entry, intent }] of asked.entries()) {
        const ref = found[index];
        await append({
          ...stamp(),
          type: 'reconciled',
          post: entry.post.id,
          part: intent.part,
          found: ref !== undefined,
          ...(ref ? { platform_id: ref.id, ...(ref.cid ? { cid: ref.cid } : {}), url: ref.url } : {}),
        });
        ledger = replayLedger(records);
      }
      selection = select();
    }
    await finishReports();

    let stop: string | undefined;
    let lastAt = ledger.lastPublishedAt;
    const rateLimits: RateLimitBudget = { retries: 0, waitedMs: 0 };
    let lockLost = false;
    for (const due of selection.due) {
      const id = due.entry.post.id;
      const lost = lock.compromised();
      if (lost && !stop) {
        stop = `${lost}; nothing more is sent for this account in this run`;
        lockLost = true;
      }
      if (stop) {
        result.deferred.push({ account: account.id, id, reason: stop });
        continue;
      }
      const gapMs = job.minGapMinutes * 60_000;
      const now = options.clock();
      if (
        due.firstPart === 0 &&
        gapMs > 0 &&
        lastAt &&
        now.getTime() - lastAt.getTime() < gapMs &&
        mayWaitForGap(due.entry, lastAt.getTime() + gapMs, options.lateWindowMinutes)
      ) {
        result.deferred.push({
          account: account.id,
          id,
          reason: `min-gap: the account last posted at ${lastAt.toISOString()} and needs ${job.minGapMinutes} min between posts; the next run sends it`,
        });
        continue;
      }
      const outcome = await sendPost(due, {
        account,
        client,
        platform,
        ledger,
        records,
        append,
        stamp,
        options,
        rateLimits,
        lockLost: () => lock.compromised(),
      });
      ledger = replayLedger(records);
      if (outcome.kind === 'published') {
        result.published.push(outcome.report);
        lastAt = ledger.lastPublishedAt;
      } else if (outcome.kind === 'deferred') {
        result.deferred.push({ account: account.id, id, reason: outcome.reason });
      } else {
        result.failed.push({ account: account.id, id, reason: outcome.reason });
      }
      if (outcome.stop) stop = outcome.stop;
    }
    if (lockLost || lock.compromised()) {
      result.failed.push({
        account: account.id,
        id: '*',
        reason: `${lock.compromised()}; another run may have taken the account over. Check that runs are not started on a stalled machine or with state/ shared between hosts`,
      });
    }
  } finally {
    await Promise.resolve(closeClient?.()).catch(() => undefined);
    // Closed before the lock goes: closing may remove a ledger this run created and never wrote to, which
    // must not race with the next run's writes.
    await (await writer?.catch(() => undefined))?.close();
    await lock.release();
  }
}

/**
 * Whether a post held back by min-gap (the account's last post went out less than the gap ago) can wait
 * for a later run: only while the gap ends well inside its late window. A post whose window would close
 * first goes now: its planned time keeps the gap (the planner and lint see to that), only the previous
 * post went out late, and waiting would make it missed. A queued post can always wait (it moves on).
 */
export function mayWaitForGap(entry: TimelineEntry, gapEndsAt: number, lateWindowMinutes: number): boolean {
  if (entry.source === 'slot' && entry.post.at === undefined) return true;
  if (!entry.at) return true;
  const lateMs = lateWindowMinutes * 60_000;
  // Leave a later run time to come: a quarter of the window, at most 15 minutes.
  const margin = Math.min(15 * 60_000, lateMs / 4);
  return gapEndsAt <= entry.at.getTime() + lateMs - margin;
}

/** The answer to "whom do these credentials belong to": the account itself, a refusal, or a bug. */
type IdentityCheck =
  | { kind: 'confirmed'; client: PlatformClient; me: { id: string; handle: string } }
  | {
      kind: 'refused';
      reason: string;
      /** When the credentials work but act for another account: that account, as the network shows it. */
      belongsTo?: string;
    }
  | { kind: 'error'; error: unknown };

/**
 * Create the account's client and ask the network whom the credentials belong to. A swapped secret must
 * never post on another account: anything but the account's own handle is a refusal. Never rejects, so it
 * can run ahead of the lock.
 */
export async function askIdentity(
  account: Account,
  platform: Platform,
  credentials: Record<string, string>,
  options: Pick<PublishOptions, 'env' | 'redact' | 'sleep'>,
): Promise<IdentityCheck> {
  let client: PlatformClient;
  try {
    client = await platform.client({
      account,
      credentials,
      env: options.env,
      redact: options.redact,
      sleep: options.sleep,
    });
  } catch (error) {
    // A client refused before any request (a server not allowed to receive credentials) is a refusal.
    if (error instanceof PlatformError) return { kind: 'refused', reason: error.message };
    return { kind: 'error', error };
  }
  let me: { id: string; handle: string };
  try {
    me = await client.whoAmI();
  } catch (error) {
    await Promise.resolve(client.close?.()).catch(() => undefined);
    const e = error instanceof PlatformError ? error : new PlatformError('unknown', String(error));
    const reason =
      e.kind === 'auth'
        ? `${e.message}; check the environment variables ${credentialNames(account)}`
        : e.message;
    return { kind: 'refused', reason };
  }
  if (!platform.account.sameHandle(me.handle, account.handle)) {
    await Promise.resolve(client.close?.()).catch(() => undefined);
    return {
      kind: 'refused',
      belongsTo: platform.account.displayHandle(me.handle),
      reason: `the credentials in ${identityCredentialNames(account, platform)} belong to ${platform.account.displayHandle(me.handle)}, not ${platform.account.displayHandle(account.handle)}; refusing to post for this account`,
    };
  }
  return { kind: 'confirmed', client, me };
}

type SendOutcome =
  | { kind: 'published'; report: PublishedReport; stop?: undefined }
  | { kind: 'deferred' | 'failed'; reason: string; stop: string | undefined };

/** Rate-limit retries and waits of one account in one run, bounded in count and in total time. */
interface RateLimitBudget {
  retries: number;
  waitedMs: number;
}

interface SendContext {
  account: Account;
  client: PlatformClient;
  platform: Platform;
  ledger: LedgerState;
  /** The account's ledger records so far, this run's included. */
  records: readonly LedgerRecord[];
  append: (record: LedgerRecord) => Promise<void>;
  stamp: () => { v: 1; account: string; at: string; run: string };
  options: PublishOptions;
  rateLimits: RateLimitBudget;
  /** Why the account's lock was lost, if it was: nothing more is sent. */
  lockLost: () => string | undefined;
}

async function uploadMedia(due: DuePost, context: SendContext): Promise<UploadedMedia[] | SendOutcome> {
  const ids: UploadedMedia[] = [];
  for (const media of due.entry.post.media) {
    // Through the safe door: inside the workspace, a regular image file within the limits, typed by its bytes.
    const read = await readMediaFile(context.options.root, media.file);
    if ('problem' in read) {
      return { kind: 'failed', reason: `bad media file ${read.problem.message}`, stop: undefined };
    }
    const { bytes, mime } = read;
    try {
      ids.push(await context.client.uploadMedia({ bytes, mime, alt: media.alt }));
    } catch (error) {
      const e = error instanceof PlatformError ? error : new PlatformError('unknown', String(error));
      if (e.kind === 'rate-limit') return rateLimited(e, context.platform);
      return { kind: 'failed', reason: `bad media file ${media.file}: ${e.message}`, stop: undefined };
    }
  }
  return ids;
}

function rateLimited(error: PlatformError, platform: Platform): SendOutcome {
  const until = error.resetAt ? ` until ${error.resetAt.toISOString()}` : '';
  const reason = `rate limited by ${platform.name}${until}; deferred to the next run`;
  return { kind: 'deferred', reason, stop: reason };
}

/**
 * Whether a rate-limit wait of `waitMs` may be taken for this post (the `tries`-th for it): near enough,
 * within the account's total wait and retry budget for the run. Counts it when it may.
 */
function mayWait(waitMs: number, tries: number, context: SendContext): boolean {
  const maxMs = maxRateLimitWaitMs(context.options);
  const budget = context.rateLimits;
  if (!(waitMs <= maxMs) || budget.waitedMs + Math.max(0, waitMs) > maxMs) return false;
  if (tries > MAX_RATE_LIMIT_RETRIES_PER_POST || budget.retries >= MAX_RATE_LIMIT_RETRIES_PER_RUN)
    return false;
  budget.retries++;
  budget.waitedMs += Math.max(0, waitMs);
  return true;
}

function rateLimitedAgain(tries: number, context: SendContext): SendOutcome {
  const { options, rateLimits } = context;
  const reason = `rate limited by ${context.platform.name} again and again although ${context.platform.name} said the limit resets soon (${tries} ${tries === 1 ? 'attempt' : 'attempts'} for this post, ${rateLimits.retries} ${rateLimits.retries === 1 ? 'retry' : 'retries'} and ${Math.round(rateLimits.waitedMs / 1000)} s of waiting for this account in this run; the limits are ${MAX_RATE_LIMIT_RETRIES_PER_POST} retries per post, ${MAX_RATE_LIMIT_RETRIES_PER_RUN} per run and ${options.maxRateLimitWaitSeconds} s); deferred to the next run`;
  return { kind: 'deferred', reason, stop: reason };
}

/** The reason for a part that went out but whose record could not be written. */
function sentButNotRecorded(
  error: LedgerWriteError,
  label: string,
  id: string,
  url: string,
  network: string,
): SendOutcome {
  const reason = `went out as ${url} (id ${id})${label} but ${error.file} could not record it (${error.message}); the next run finds it on ${network} and records it, it is not sent again`;
  return { kind: 'failed', reason, stop: `not sent: ${error.file} cannot be written (${error.message})` };
}

/** Send the remaining parts of one post. */
async function sendPost(due: DuePost, context: SendContext): Promise<SendOutcome> {
  const { account, client, options, platform } = context;
  const postId = due.entry.post.id;
  const parts = due.entry.rendered.parts;
  const sent = context.ledger.posts.get(postId)?.sent;
  let parent = due.firstPart > 0 ? refOf(sent?.get(due.firstPart - 1)) : undefined;
  let root = refOf(sent?.get(0));
  let main = sent?.get(0);
  const lang = due.entry.post.lang ?? account.language;
  const wallClock = options.wallClock ?? Date.now;

  let media: UploadedMedia[] = [];
  if (due.firstPart === 0 && due.entry.post.media.length > 0) {
    const uploaded = await uploadMedia(due, context);
    if (!Array.isArray(uploaded)) return uploaded;
    media = uploaded;
  }

  for (let part = due.firstPart; part < parts.length; part++) {
    const text = parts[part]!.text;
    const key = { account: account.id, post: postId, part };
    const partLabel = parts.length > 1 ? ` (part ${part + 1} of ${parts.length})` : '';
    const sleep = options.sleep ?? realSleep;
    // Bounded: each turn is a rate-limit retry, counted per post and per run (see mayWait).
    for (let tries = 1; ; tries++) {
      // Pace by the create-post window: wait for a near reset, defer when it is far.
      const limit = client.lastRateLimit();
      if (limit && limit.remaining <= 0) {
        const waitMs = limit.resetAt.getTime() - wallClock();
        if (!(waitMs <= maxRateLimitWaitMs(options))) {
          return rateLimited(
            new PlatformError('rate-limit', 'exhausted', { resetAt: limit.resetAt }),
            platform,
          );
        }
        // A reset already past needs no wait (the header is from the last answer, before the reset).
        if (waitMs > 0) {
          if (!mayWait(waitMs, tries, context)) return rateLimitedAgain(tries, context);
          await sleep(waitMs + 250);
        }
      }
      const lost = context.lockLost();
      if (lost) {
        const reason = `${lost}; not sent, nothing more is sent for this account in this run`;
        return { kind: 'deferred', reason, stop: reason };
      }
      const intent: IntentRecord = {
        ...context.stamp(),
        type: 'intent',
        post: postId,
        part,
        text_sha256: textSha256(text),
        ...(part === 0 && due.entry.at ? { planned: due.entry.at.toISOString() } : {}),
      };
      try {
        await context.append(intent);
      } catch (error) {
        if (!(error instanceof LedgerWriteError)) throw error;
        // Nothing is sent without its intent on disk.
        const reason = `not sent${partLabel}: ${error.file} could not record the attempt first (${error.message})`;
        return { kind: 'failed', reason, stop: reason };
      }
      let ref: PostRef;
      let recorded = false;
      try {
        ref = await client.createPost({
          key,
          text,
          lang,
          ...(part > 0 ? { root, parent } : {}),
          media: part === 0 ? media : [],
          ...(due.entry.rendered.contentWarning ? { contentWarning: due.entry.rendered.contentWarning } : {}),
        });
      } catch (error) {
        const e = error instanceof PlatformError ? error : new PlatformError('unknown', String(error));
        if (e.kind === 'unknown') {
          const found = await reconcileNow(due, intent, parent, context);
          if (found === undefined) {
            const reason = `${e.message}${partLabel}; the outcome is unknown, so the next run checks ${platform.name} for it before any retry`;
            return { kind: 'failed', reason, stop: 'an earlier post of this account has an unknown outcome' };
          }
          ref = found;
          recorded = true;
        } else if (e.kind === 'duplicate') {
          // The network has this exact text (or this part's key) on the account already: most often our own
          // earlier attempt, whose answer was lost. Look it up since the first attempt at this part that the
          // ledger remembers, and record it as sent; a text older than that is a real duplicate of an older
          // post, which no retry fixes.
          const attempts = context.records.filter(
            (r): r is IntentRecord => r.type === 'intent' && r.post === postId && r.part === part,
          );
          const found = await reconcileNow(due, intent, parent, context, searchSince(attempts));
          if (found === undefined) {
            await context.append({
              ...context.stamp(),
              type: 'failed',
              post: postId,
              part,
              reason: e.message,
            });
            return {
              kind: 'failed',
              reason: `${e.message}${partLabel}, older than this post's first attempt: change the text`,
              stop: undefined,
            };
          }
          ref = found;
          recorded = true;
        } else {
          await context.append({ ...context.stamp(), type: 'failed', post: postId, part, reason: e.message });
          if (e.kind === 'rate-limit') {
            const waitMs = (e.resetAt?.getTime() ?? Number.POSITIVE_INFINITY) - wallClock();
            if (!(waitMs <= maxRateLimitWaitMs(options))) return rateLimited(e, platform);
            if (!mayWait(waitMs, tries, context)) return rateLimitedAgain(tries, context);
            await sleep(waitMs + 250);
            continue;
          }
          if (e.kind === 'auth') {
            const reason = `${e.message}; check the environment variables ${credentialNames(account)}`;
            return { kind: 'failed', reason, stop: reason };
          }
          return { kind: 'failed', reason: `${e.message}${partLabel}`, stop: undefined };
        }
      }
      const record = {
        ...context.stamp(),
        type: 'published' as const,
        post: postId,
        part,
        platform_id: ref.id,
        ...(ref.cid ? { cid: ref.cid } : {}),
        url: ref.url,
      };
      // A reconciled part already has its record.
      if (!recorded) {
        try {
          await context.append(record);
        } catch (error) {
          if (!(error instanceof LedgerWriteError)) throw error;
          // The intent stays last in the ledger: the next run reconciles it as an unknown outcome.
          return sentButNotRecorded(error, partLabel, ref.id, ref.url, platform.name);
        }
      }
      if (part === 0) {
        main = { platformId: ref.id, url: ref.url, at: new Date(record.at) };
        root = ref;
      }
      parent = ref;
      // Only a rate limit goes round again (bounded by mayWait); every other way out is above or here.
      break;
    }
  }
  if (!main) throw new Error(`post ${postId} has no main part after sending`);
  return {
    kind: 'published',
    report: {
      account: account.id,
      id: postId,
      platformId: main.platformId,
      url: main.url,
      at: main.at.toISOString(),
    },
  };
}

/** Right after an unknown outcome: ask the network once; returns the part's reference when it is there (and records it). */
async function reconcileNow(
  due: DuePost,
  intent: IntentRecord,
  parent: PostRef | undefined,
  context: SendContext,
  since: Date = searchSince([intent]),
): Promise<PostRef | undefined> {
  let found: PostRef | undefined;
  try {
    [found] = await context.client.findSent([sentQuery(context.account, due.entry, intent, parent, since)]);
  } catch {
    return undefined;
  }
  if (!found) return undefined;
  // A failure to write this throws: the intent stays, and the next run reconciles it again.
  await context.append({
    ...context.stamp(),
    type: 'reconciled',
    post: intent.post,
    part: intent.part,
    found: true,
    platform_id: found.id,
    ...(found.cid ? { cid: found.cid } : {}),
    url: found.url,
  });
  return found;
}

function dryRun(
  account: Account,
  platform: Platform,
  selection: ReturnType<typeof selectDue>,
  ledger: LedgerState,
  result: PublishResult,
): void {
  for (const { account: id, id: post, reason } of selection.missed)
    result.missed.push({ account: id, id: post, reason });
  result.skipped.push(...selection.skipped);
  const plan = (entry: TimelineEntry, firstPart: number, note: string | undefined) => {
    const sent = ledger.posts.get(entry.post.id)?.sent;
    const media = entry.post.media.map((m) => ({ file: m.file, alt: m.alt }));
    const payloads: unknown[] = [];
    for (let part = firstPart; part < entry.rendered.parts.length; part++) {
      payloads.push(
        platform.text.draftRequest(
          {
            text: entry.rendered.parts[part]!.text,
            lang: entry.post.lang ?? account.language,
            contentWarning: entry.rendered.contentWarning,
          },
          {
            part,
            root: part > 0 ? refOf(sent?.get(0)) : undefined,
            parent: part > 0 ? refOf(sent?.get(part - 1)) : undefined,
            media: part === 0 ? media : [],
            key: { account: account.id, post: entry.post.id, part },
            account,
          },
        ),
      );
    }
    result.planned.push({
      account: account.id,
      id: entry.post.id,
      at: entry.at?.toISOString(),
      endpoint: platform.text.draftEndpoint,
      payloads,
      media: firstPart === 0 ? media : [],
      note,
    });
  };
  for (const entry of selection.unknown) {
    plan(
      entry,
      0,
      `an earlier attempt has an unknown outcome: a real run first looks for it on ${platform.name}`,
    );
  }
  for (const due of selection.due) {
    plan(
      due.entry,
      due.firstPart,
      due.firstPart > 0 ? `resumes the thread at part ${due.firstPart + 1}` : undefined,
    );
  }
}
