// Which posts are due: pure selection from the timeline, the ledger, lint problems, `now` and the late window.

import type { PostReport } from '../format/publish-result.js';
import type { Problem } from '../model/types.js';
import { lateMessage, type TimelineEntry } from '../schedule/timeline.js';
import type { LedgerState } from '../state/ledger.js';

export type { PostReport };

/** A post (or the rest of a thread) to send now. */
export interface DuePost {
  entry: TimelineEntry;
  /** The first part that has not gone out yet (0 unless a thread is being resumed). */
  firstPart: number;
}

/** A missed post, with the planned time it was missed for (recorded so it is reported once). */
export interface MissedReport extends PostReport {
  planned: string;
}

export interface DueSelection {
  /** In time order. */
  due: DuePost[];
  /** Posts with a part whose outcome is unknown: reconcile them before anything else. */
  unknown: TimelineEntry[];
  missed: MissedReport[];
  skipped: PostReport[];
}

export interface DueInput {
  /** One account's timeline entries, in time order. */
  entries: readonly TimelineEntry[];
  ledger: LedgerState;
  /** Error-severity problems, by post id. */
  errorsByPost: ReadonlyMap<string, readonly Problem[]>;
  now: Date;
  lateWindowMinutes: number;
}

/** How a problem reads in a reason: "content/a/x.yaml:4:5 text is too long (max-length)". */
export function describeProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.message} (${problem.ruleId})`;
}

/**
 * Select what is due for one account. A thread whose first part went out is always finished (a half thread
 * is worse than a late reply); everything else must be planned at or before `now`, within the late window,
 * before its deal expires, and free of lint errors.
 */
export function selectDue(input: DueInput): DueSelection {
  const selection: DueSelection = { due: [], unknown: [], missed: [], skipped: [] };
  const lateMs = input.lateWindowMinutes * 60_000;
  for (const entry of input.entries) {
    const state = input.ledger.posts.get(entry.post.id);
    const total = entry.rendered.parts.length;
    let firstPart = 0;
    while (firstPart < total && state?.sent.has(firstPart)) firstPart++;
    if (firstPart >= total) continue;
    if (state && state.unknown.size > 0) {
      selection.unknown.push(entry);
      continue;
    }
    const report = (reason: string): PostReport => ({ account: entry.account.id, id: entry.post.id, reason });
    if (firstPart > 0) {
      selection.due.push({ entry, firstPart });
      continue;
    }
    // Missed as the timeline says (its day, its deal or its late window went by): reported once, for what
    // it was missed for; a post moved to a new time or day is judged again.
    if (entry.missed) {
      if (!state?.missedFor.has(entry.missed.key))
        selection.missed.push({ ...report(entry.missed.reason), planned: entry.missed.key });
      continue;
    }
    if (!entry.at || entry.at.getTime() > input.now.getTime()) continue;
    const planned = entry.at.toISOString();
    if (state?.missedFor.has(planned)) continue;
    // The run's clock moves on while it sends: what crossed a line since the timeline was built.
    if (entry.expiresAt && entry.expiresAt.getTime() <= input.now.getTime()) {
      selection.missed.push({ ...report(`the deal expired at ${entry.expiresAt.toISOString()}`), planned });
      continue;
    }
    const lateBy = input.now.getTime() - entry.at.getTime();
    if (lateBy > lateMs) {
      selection.missed.push({
        ...report(lateMessage(entry.at, input.now, input.lateWindowMinutes)),
        planned,
      });
      continue;
    }
    const errors = input.errorsByPost.get(entry.post.id);
    if (errors && errors.length > 0) {
      selection.skipped.push(report(`lint errors: ${errors.map(describeProblem).join('; ')}`));
      continue;
    }
    selection.due.push({ entry, firstPart: 0 });
  }
  return selection;
}

/** How far a ledger record may be ahead of a run's clock before the two are said to disagree (clock skew). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The first ledger record dated after `now` (beyond clock skew), if any. Such a record means this run's
 * clock (or `--now`) is behind the runs that wrote the ledger, or the record is forged: deciding what is
 * due or missed on that clock could drop or repeat posts, so the account is stopped instead.
 */
export function recordFromTheFuture<T extends { at: string }>(
  records: readonly T[],
  now: Date,
): T | undefined {
  const limit = now.getTime() + CLOCK_SKEW_MS;
  return records.find((record) => {
    const at = Date.parse(record.at);
    return !Number.isNaN(at) && at > limit;
  });
}

/** The account a workspace file belongs to (content/<id>/… or accounts/<id>.yaml). */
export function accountOfFile(file: string): string | undefined {
  const content = /^content\/([^/]+)\//.exec(file);
  if (content) return content[1];
  const account = /^accounts\/([^/]+)\.ya?ml$/.exec(file);
  return account?.[1];
}

/**
 * Errors that keep posts off the timeline entirely: files that do not parse, invalid posts, invalid account
 * files. Each becomes one skipped report (by post id, or by file when the post is unknown), since Chorus
 * cannot tell whether such a post is due.
 */
export function skippedOffTimeline(
  problems: readonly Problem[],
  onTimeline: (account: string, postId: string) => boolean,
): PostReport[] {
  const byKey = new Map<string, PostReport>();
  for (const problem of problems) {
    if (problem.severity !== 'error') continue;
    const account = problem.account ?? accountOfFile(problem.file);
    if (!account) continue;
    if (problem.postId && onTimeline(account, problem.postId)) continue;
    const id = problem.postId ?? problem.file;
    const key = `${account}\u0000${id}`;
    if (byKey.has(key)) continue;
    const what = problem.file.startsWith('accounts/')
      ? 'the account file has errors'
      : problem.postId
        ? 'the post does not match the schema'
        : 'the calendar file cannot be used';
    byKey.set(key, { account, id, reason: `${what}: ${describeProblem(problem)}` });
  }
  return [...byKey.values()];
}
