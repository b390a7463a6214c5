// The publish loop: accounts concurrently (bounded), posts of one account in time order, each part behind
// a durable intent record, unknown outcomes reconciled against X before anything is sent again.

import { setImmediate } from 'node:timers/promises';
import { WorkspaceError } from '../errors.js';
import { readMediaFile } from '../workspace/media-file.js';
import type { Account, Problem } from '../model/types.js';
import type { TimelineEntry } from '../schedule/timeline.js';
import { type DuePost, type PostReport, selectDue } from './due.js';
import {
  type IntentRecord,
  LEDGER_VERSION,
  type LedgerRecord,
  type LedgerState,
  replayLedger,
  textSha256,
} from './ledger.js';
import { type LedgerWriter, openLedger, readLedger } from './ledger-file.js';
import { lockAccount } from './lock.js';
import { findSentPart, searchSince } from './reconcile.js';
import type { PostPayload, XClient, XClientOptions, XCredentials } from './x-client.js';
import { XError } from './x-client.js';

/** A post that went out (its main part). */
export interface PublishedReport {
  account: string;
  id: string;
  platformId: string;
  url: string;
  at: string;
}

/** What `--dry-run` would send for one post. */
export interface PlannedPost {
  account: string;
  id: string;
  at: string | undefined;
  /** The exact request bodies of POST /2/tweets, in order. */
  payloads: PostPayload[];
  /** Images that would be uploaded first, with their alt text. */
  media: { file: string; alt: string }[];
  note: string | undefined;
}

/** The outcome of a run. */
export interface PublishResult {
  published: PublishedReport[];
  deferred: PostReport[];
  missed: PostReport[];
  skipped: PostReport[];
  failed: PostReport[];
  /** Only with dry-run. */
  planned: PlannedPost[];
}

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
export type CredentialLookup = { credentials: XCredentials } | { missing: string[] };

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
  apiUrl: string | undefined;
  /** Replaceable for tests of the loop without HTTP; defaults to the twitter-api-v2 client. */
  createClient?: (options: XClientOptions) => Promise<XClient>;
}

/** The URL of a post on X. */
export function postUrl(handle: string, id: string): string {
  return `https://x.com/${handle.replace(/^@/, '')}/status/${id}`;
}

/** Whether two X handles name the same account (without "@", ignoring case). */
export const sameHandle = (a: string, b: string) =>
  a.replace(/^@/, '').toLowerCase() === b.replace(/^@/, '').toLowerCase();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

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
      const where = error instanceof WorkspaceError && error.file ? `${error.file}:${error.line ?? 1}: ` : '';
      const reason = error instanceof Error ? error.message : String(error);
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
  return total;
}

function credentialNames(account: Account): string {
  const c = account.credentials;
  return [c.appKey, c.appSecret, c.accessToken, c.accessSecret].join(', ');
}

async function publishAccount(
  job: AccountJob,
  options: PublishOptions,
  result: PublishResult,
): Promise<void> {
  const { account } = job;
  const records: LedgerRecord[] = [];
  let ledger: LedgerState = replayLedger([]);
  const reload = async (known?: readonly LedgerRecord[]) => {
    records.splice(0, records.length, ...(known ?? (await readLedger(options.root, account.id)).records));
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
    dryRun(account, select(), ledger, result);
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
  const checkIdentity = (credentials: XCredentials) =>
    (identity ??= askIdentity(account, credentials, options));
  if ((first.due.length > 0 || first.unknown.length > 0) && 'credentials' in lookup) {
    void checkIdentity(lookup.credentials);
  }

  // The lock's file work waits a turn of the event loop, so the identity requests are on their way first.
  if (identity) await setImmediate();
  const lock = await lockAccount(options.root, account.id, options.lockWaitSeconds * 1000);
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
    result.skipped.push(...first.skipped);
    return;
  }
  let writer: Promise<LedgerWriter> | undefined;
  // Opened ahead of the first record when one is likely (a file it creates and never writes is removed).
  const openWriter = () => (writer ??= openLedger(options.root, account.id));
  try {
    // Another run may have published while we waited: decide again from the ledger as it is now.
    await reload();
    let selection = select();
    const append = async (record: LedgerRecord) => {
      await (await openWriter()).append(record);
      records.push(record);
    };
    const stamp = () => ({
      v: LEDGER_VERSION,
      account: account.id,
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
    // While X answers, open the ledger, so the first intent is one durable write away from its request.
    // An error opening it is reported by the first append, as if it had been opened then.
    openWriter().catch(() => undefined);
    const checked = await checkIdentity(lookup.credentials);
    if (checked.kind === 'error') throw checked.error;
    if (checked.kind === 'refused') {
      failAll(checked.reason);
      await finishReports();
      return;
    }
    const { client, me } = checked;

    // Unknown outcomes first: look the posts up on X before anything is sent again.
    if (selection.unknown.length > 0) {
      const intents = selection.unknown.flatMap((entry) => [
        ...ledger.posts.get(entry.post.id)!.unknown.values(),
      ]);
      let recent;
      try {
        recent = await client.recentPosts(me.id, searchSince(intents));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        for (const entry of selection.unknown) {
          result.failed.push({
            account: account.id,
            id: entry.post.id,
            reason: `the outcome of an earlier attempt is unknown and X could not be checked (${reason}); nothing is sent until it can be`,
          });
        }
        for (const due of selection.due) {
          result.deferred.push({
            account: account.id,
            id: due.entry.post.id,
            reason: 'waits until X can be checked',
          });
        }
        await finishReports();
        return;
      }
      for (const entry of selection.unknown) {
        const state = ledger.posts.get(entry.post.id)!;
        for (const intent of [...state.unknown.values()].sort((a, b) => a.part - b.part)) {
          const previous =
            intent.part > 0 ? ledger.posts.get(entry.post.id)?.sent.get(intent.part - 1) : undefined;
          const found = findSentPart(entry, intent, previous?.platformId, recent);
          await append({
            ...stamp(),
            type: 'reconciled',
            post: entry.post.id,
            part: intent.part,
            found: found !== undefined,
            ...(found ? { platform_id: found.id, url: postUrl(account.handle, found.id) } : {}),
          });
          ledger = replayLedger(records);
        }
      }
      selection = select();
    }
    await finishReports();

    let stop: string | undefined;
    let lastAt = ledger.lastPublishedAt;
    for (const due of selection.due) {
      const id = due.entry.post.id;
      if (stop) {
        result.deferred.push({ account: account.id, id, reason: stop });
        continue;
      }
      const gapMs = job.minGapMinutes * 60_000;
      const now = options.clock();
      if (due.firstPart === 0 && gapMs > 0 && lastAt && now.getTime() - lastAt.getTime() < gapMs) {
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
        userId: me.id,
        ledger,
        append,
        stamp,
        options,
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
  } finally {
    // Closed before the lock goes: closing may remove a ledger this run created and never wrote to, which
    // must not race with the next run's writes.
    await (await writer?.catch(() => undefined))?.close();
    await lock.release();
  }
}

/** The answer to "whom do these credentials belong to": the account itself, a refusal, or a bug. */
type IdentityCheck =
  | { kind: 'confirmed'; client: XClient; me: { id: string; username: string } }
  | { kind: 'refused'; reason: string }
  | { kind: 'error'; error: unknown };

/**
 * Create the account's client and ask X whom the credentials belong to (GET /2/users/me). A swapped
 * secret must never post on another account: anything but the account's own handle is a refusal. Never
 * rejects, so it can run ahead of the lock.
 */
async function askIdentity(
  account: Account,
  credentials: XCredentials,
  options: PublishOptions,
): Promise<IdentityCheck> {
  let client: XClient;
  try {
    const create = options.createClient ?? (await import('./x-client.js')).createXClient;
    client = await create({ credentials, apiUrl: options.apiUrl });
  } catch (error) {
    return { kind: 'error', error };
  }
  let me: { id: string; username: string };
  try {
    me = await client.me();
  } catch (error) {
    const e = error instanceof XError ? error : new XError('unknown', String(error));
    const reason =
      e.kind === 'auth'
        ? `${e.message}; check the environment variables ${credentialNames(account)}`
        : e.message;
    return { kind: 'refused', reason };
  }
  if (!sameHandle(me.username, account.handle)) {
    const handle = account.handle.startsWith('@') ? account.handle : `@${account.handle}`;
    return {
      kind: 'refused',
      reason: `the credentials in ${account.credentials.accessToken} / ${account.credentials.accessSecret} belong to @${me.username}, not ${handle}; refusing to post for this account`,
    };
  }
  return { kind: 'confirmed', client, me };
}

type SendOutcome =
  | { kind: 'published'; report: PublishedReport; stop?: undefined }
  | { kind: 'deferred' | 'failed'; reason: string; stop: string | undefined };

interface SendContext {
  account: Account;
  client: XClient;
  userId: string;
  ledger: LedgerState;
  append: (record: LedgerRecord) => Promise<void>;
  stamp: () => { v: 1; account: string; at: string; run: string };
  options: PublishOptions;
}

async function uploadMedia(due: DuePost, context: SendContext): Promise<string[] | SendOutcome> {
  const ids: string[] = [];
  for (const media of due.entry.post.media) {
    // Through the safe door: inside the workspace, a regular image file within X's limit, typed by its bytes.
    const read = await readMediaFile(context.options.root, media.file);
    if ('problem' in read) {
      return { kind: 'failed', reason: `bad media file ${read.problem.message}`, stop: undefined };
    }
    const { bytes, mime } = read;
    try {
      ids.push(await context.client.uploadMedia(bytes, mime, media.alt));
    } catch (error) {
      const e = error as XError;
      if (e.kind === 'rate-limit') return rateLimited(e);
      return { kind: 'failed', reason: `bad media file ${media.file}: ${e.message}`, stop: undefined };
    }
  }
  return ids;
}

function rateLimited(error: XError): SendOutcome {
  const until = error.resetAt ? ` until ${error.resetAt.toISOString()}` : '';
  const reason = `rate limited by X${until}; deferred to the next run`;
  return { kind: 'deferred', reason, stop: reason };
}

/** Send the remaining parts of one post. */
async function sendPost(due: DuePost, context: SendContext): Promise<SendOutcome> {
  const { account, client, options } = context;
  const postId = due.entry.post.id;
  const parts = due.entry.rendered.parts;
  const sent = context.ledger.posts.get(postId)?.sent;
  let previousId = due.firstPart > 0 ? sent?.get(due.firstPart - 1)?.platformId : undefined;
  let main = sent?.get(0);

  let mediaIds: string[] = [];
  if (due.firstPart === 0 && due.entry.post.media.length > 0) {
    const uploaded = await uploadMedia(due, context);
    if (!Array.isArray(uploaded)) return uploaded;
    mediaIds = uploaded;
  }

  for (let part = due.firstPart; part < parts.length; part++) {
    const text = parts[part]!.text;
    const payload: PostPayload = {
      text,
      ...(previousId ? { reply: { in_reply_to_tweet_id: previousId } } : {}),
      ...(part === 0 && mediaIds.length > 0 ? { media: { media_ids: mediaIds } } : {}),
    };
    const partLabel = parts.length > 1 ? ` (part ${part + 1} of ${parts.length})` : '';
    for (;;) {
      // Pace by the create-post window: wait for a near reset, defer when it is far.
      const limit = client.lastRateLimit();
      if (limit && limit.remaining <= 0) {
        const waitMs = limit.resetAt.getTime() - Date.now();
        if (waitMs > options.maxRateLimitWaitSeconds * 1000) {
          return rateLimited(new XError('rate-limit', 'exhausted', { resetAt: limit.resetAt }));
        }
        await sleep(waitMs + 250);
      }
      const intent: IntentRecord = {
        ...context.stamp(),
        type: 'intent',
        post: postId,
        part,
        text_sha256: textSha256(text),
      };
      await context.append(intent);
      let platformId: string | undefined;
      let recorded = false;
      try {
        platformId = (await client.createPost(payload)).id;
      } catch (error) {
        const e = error instanceof XError ? error : new XError('unknown', String(error));
        if (e.kind === 'unknown') {
          platformId = await reconcileNow(due, intent, previousId, context);
          recorded = true;
          if (platformId === undefined) {
            const reason = `${e.message}${partLabel}; the outcome is unknown, so the next run checks X for it before any retry`;
            return { kind: 'failed', reason, stop: 'an earlier post of this account has an unknown outcome' };
          }
        } else {
          await context.append({ ...context.stamp(), type: 'failed', post: postId, part, reason: e.message });
          if (e.kind === 'rate-limit') {
            const waitMs = (e.resetAt?.getTime() ?? Number.POSITIVE_INFINITY) - Date.now();
            if (waitMs <= options.maxRateLimitWaitSeconds * 1000) {
              await sleep(waitMs + 250);
              continue;
            }
            return rateLimited(e);
          }
          if (e.kind === 'auth') {
            const reason = `${e.message}; check the environment variables ${credentialNames(account)}`;
            return { kind: 'failed', reason, stop: reason };
          }
          return { kind: 'failed', reason: `${e.message}${partLabel}`, stop: undefined };
        }
      }
      if (platformId !== undefined) {
        const url = postUrl(account.handle, platformId);
        const record = {
          ...context.stamp(),
          type: 'published' as const,
          post: postId,
          part,
          platform_id: platformId,
          url,
        };
        // A reconciled part already has its record.
        if (!recorded) await context.append(record);
        if (part === 0) main = { platformId, url, at: new Date(record.at) };
        previousId = platformId;
        break;
      }
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

/** Right after an unknown outcome: search X once; returns the id when the part is there (and records it). */
async function reconcileNow(
  due: DuePost,
  intent: IntentRecord,
  previousId: string | undefined,
  context: SendContext,
): Promise<string | undefined> {
  let recent;
  try {
    recent = await context.client.recentPosts(context.userId, searchSince([intent]));
  } catch {
    return undefined;
  }
  const found = findSentPart(due.entry, intent, previousId, recent);
  if (!found) return undefined;
  await context.append({
    ...context.stamp(),
    type: 'reconciled',
    post: intent.post,
    part: intent.part,
    found: true,
    platform_id: found.id,
    url: postUrl(context.account.handle, found.id),
  });
  return found.id;
}

function dryRun(
  account: Account,
  selection: ReturnType<typeof selectDue>,
  ledger: LedgerState,
  result: PublishResult,
): void {
  for (const { account: id, id: post, reason } of selection.missed)
    result.missed.push({ account: id, id: post, reason });
  result.skipped.push(...selection.skipped);
  const plan = (entry: TimelineEntry, firstPart: number, note: string | undefined) => {
    const sent = ledger.posts.get(entry.post.id)?.sent;
    const payloads: PostPayload[] = [];
    for (let part = firstPart; part < entry.rendered.parts.length; part++) {
      const previous = part > 0 ? (sent?.get(part - 1)?.platformId ?? `<id of part ${part}>`) : undefined;
      payloads.push({
        text: entry.rendered.parts[part]!.text,
        ...(previous ? { reply: { in_reply_to_tweet_id: previous } } : {}),
        ...(part === 0 && entry.post.media.length > 0
          ? { media: { media_ids: entry.post.media.map((m) => `<upload of ${m.file}>`) } }
          : {}),
      });
    }
    result.planned.push({
      account: account.id,
      id: entry.post.id,
      at: entry.at?.toISOString(),
      payloads,
      media: firstPart === 0 ? entry.post.media.map((m) => ({ file: m.file, alt: m.alt })) : [],
      note,
    });
  };
  for (const entry of selection.unknown) {
    plan(entry, 0, 'an earlier attempt has an unknown outcome: a real run first looks for it on X');
  }
  for (const due of selection.due) {
    plan(
      due.entry,
      due.firstPart,
      due.firstPart > 0 ? `resumes the thread at part ${due.firstPart + 1}` : undefined,
    );
  }
}
