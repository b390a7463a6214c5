// Plans an import: which feed rows add, update or leave posts, linted before anything is written. Pure.
import { channelKey } from '../model/types.js';
import { parse as parseYaml } from 'yaml';
import type { Analysis } from '../pipeline/analyse.js';
import { expiryInstant, localDate, localToInstant, parseWhen, postTimeToInstant } from '../model/time.js';
import type { Account, PostTime, Problem } from '../model/types.js';
import type { Timeline } from '../schedule/timeline.js';
import { type EditAction, type PostFields, upsertPosts } from '../workspace/calendar-edit.js';
import { withCalendarText } from '../workspace/memory.js';
import type { RawWorkspace } from '../workspace/read.js';
import { MAX_FILE_BYTES } from '../workspace/yaml-source.js';
import { dealPostFields, dealPostId } from './deal-post.js';
import type { FeedProblem, FeedRow } from './feed.js';

/** What happened to one feed row. */
export type RowAction = EditAction | 'expired' | 'invalid' | 'rejected';

export interface RowOutcome {
  line: number;
  action: RowAction;
  postId?: string;
  /** Why the row was invalid or rejected by lint. */
  reason?: string;
}

/** Why the import as a whole was refused: nothing may be written. */
export interface ImportRefusal {
  message: string;
  hint: string;
  /** Where, when a problem of the resulting file has a location. */
  line?: number;
  column?: number;
}

export interface ImportPlan {
  /** Workspace-relative calendar file the posts go to. */
  file: string;
  /** The calendar's text after the import (equal to the input text when nothing changes or it is refused). */
  text: string;
  /** One outcome per feed row, by line. */
  rows: RowOutcome[];
  counts: Record<RowAction, number>;
  /** Set when the resulting calendar could not be used (too large, unreadable): write nothing. */
  refused?: ImportRefusal;
}

/** Days an open-ended deal (empty `ends`) runs when neither chorus.yaml nor --default-expiry says. */
export const DEFAULT_EXPIRY_DAYS = 7;

export interface ImportInput {
  raw: RawWorkspace;
  account: Account;
  /** Target calendar, workspace-relative, e.g. content/outlet/feed.yaml. */
  file: string;
  /** Its current text ('' when it does not exist yet). */
  calendarText: string;
  rows: readonly FeedRow[];
  /** Rows the feed parser already refused. */
  problems: readonly FeedProblem[];
  template: string;
  now: Date;
  /** Who approves the imported deals (`--approved-by`): written as each post's approved_by. */
  approvedBy?: string;
  /** Who is named as the author of the imported posts (`--author`). */
  author?: string;
  /**
   * The pipeline, run on the workspace and on each candidate: the import command passes `analyseWorkspace`
   * with its `now` and the ledgers' published posts, so the candidate is linted against the real timeline.
   */
  analyse: (raw: RawWorkspace) => Pick<Analysis, 'timeline' | 'problems'>;
  /** An open-ended row (empty `ends`) expires this many days after its start (default DEFAULT_EXPIRY_DAYS). */
  defaultExpiryDays?: number;
}

/** "2026-11-23" + 7 → "2026-11-30" (calendar arithmetic, no time zone involved). */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** When a deal starts: a date means the start of that local day. */
function startInstant(starts: PostTime, zone: string): Date {
  return starts.kind === 'date'
    ? localToInstant(starts.date, '00:00', zone).instant
    : postTimeToInstant(starts, zone)!.instant;
}

/** The calendar file imported deals of an account go to. */
export function feedCalendarFile(accountId: string): string {
  return `content/${accountId}/feed.yaml`;
}

/** Fields of posts already in the calendar, by id (to keep fields the feed does not control, like approved_by). */
function existingPosts(text: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const value: unknown = text.trim() === '' ? [] : parseYaml(text);
  if (!Array.isArray(value)) return out;
  for (const item of value) {
    if (item && typeof item === 'object' && 'id' in item)
      out.set(String(item.id), item as Record<string, unknown>);
  }
  return out;
}

/**
 * Plan the import of `rows` into `file`: rows whose `ends` is not after `now` are skipped as expired;
 * the others become deal posts (see dealPostFields). The candidate calendar is linted with the rest of
 * the workspace; rows whose post gets an error are rejected and left out (an updated post keeps its old
 * version), and the candidate is rebuilt and linted again until no imported post has an error.
 * Throws when the calendar text is not a calendar (the CLI turns that into a located error).
 */
export function planImport(input: ImportInput): ImportPlan {
  const outcomes: RowOutcome[] = input.problems.map((p) => ({
    line: p.line,
    action: 'invalid',
    reason: p.reason,
  }));
  const existing = existingPosts(input.calendarText);
  const candidates: { row: FeedRow; fields: PostFields }[] = [];
  const idLines = new Map<string, number>();
  const zone = input.account.timezone;
  const today = localDate(input.now, zone);
  const expiryDays = input.defaultExpiryDays ?? DEFAULT_EXPIRY_DAYS;
  for (const row of input.rows) {
    const id = dealPostId(row);
    const before = id === undefined ? undefined : existing.get(id);
    // An open-ended row keeps the expiry it got when its post was first written (so re-imports change
    // nothing); a new one runs `expiryDays` from the later of its start and today.
    let ends = row.ends;
    if (!ends) {
      const kept = typeof before?.expires === 'string' ? parseWhen(before.expires) : undefined;
      ends =
        kept && !('error' in kept)
          ? kept
          : (parseWhen(addDays(row.starts.date > today ? row.starts.date : today, expiryDays)) as PostTime);
    }
    if (expiryInstant(ends, zone).getTime() <= input.now.getTime()) {
      outcomes.push({ line: row.line, action: 'expired' });
      continue;
    }
    if (!id) {
      outcomes.push({
        line: row.line,
        action: 'invalid',
        reason: `sku "${row.sku}" has no letter or digit to build a post id from`,
      });
      continue;
    }
    const earlier = idLines.get(id);
    if (earlier !== undefined) {
      outcomes.push({
        line: row.line,
        action: 'invalid',
        postId: id,
        reason: `same sku and start date as line ${earlier} (post id "${id}")`,
      });
      continue;
    }
    idLines.set(id, row.line);
    const fields = dealPostFields(row, input.account, input.template, id, ends);
    // A deal that is already running is queued (the next free slot), not pinned to a start in the past;
    // a date-only deal of today stays on its day while a slot of today is free for it (see below).
    const startedToday = row.starts.kind === 'date' && row.starts.date === today;
    if (!startedToday && startInstant(row.starts, zone).getTime() <= input.now.getTime()) {
      // …but a post already written keeps the `at` it has, in its place (re-imports change nothing).
      if (before && 'at' in before) fields.at = before.at;
      else delete fields.at;
    }
    // The feed is approved as a whole by a person of the team (the approval rule needs a name).
    if (input.author !== undefined) fields.author = input.author;
    if (input.approvedBy !== undefined) fields.approved_by = input.approvedBy;
    // Keep fields people added by hand (approved_by, media, …); the feed's fields win.
    const merged: PostFields = before ? { ...fields, ...withoutKeys(before, Object.keys(fields)) } : fields;
    candidates.push({ row, fields: merged });
  }

  // The added posts' values alone may already be more than Chorus reads: refuse before writing YAML.
  const encoder = new TextEncoder();
  let atLeast = encoder.encode(input.calendarText).length;
  for (const { fields } of candidates) {
    if (existing.has(fields.id)) continue;
    for (const [key, value] of Object.entries(fields))
      atLeast += key.length + encoder.encode(String(value)).length;
  }
  if (atLeast > MAX_FILE_BYTES) return refuse(input, outcomes, tooLarge(atLeast, candidates.length, true));

  let accepted = candidates;
  let baseline: Problem[] | undefined;
  for (;;) {
    const edit = upsertPosts(
      input.calendarText,
      accepted.map(({ fields }) => fields),
    );
    const text = edit.text;
    // A file Chorus would refuse to read takes every post in it out of the schedule: refuse instead.
    const bytes = encoder.encode(text).length;
    if (bytes > MAX_FILE_BYTES) return refuse(input, outcomes, tooLarge(bytes, accepted.length, false));
    const actions = new Map<FeedRow, EditAction>(
      accepted.map(({ row }, index) => [row, edit.actions[index]!]),
    );
    const changed = new Map<string, FeedRow>();
    for (const { row, fields } of accepted) if (actions.get(row) !== 'unchanged') changed.set(fields.id, row);
    const rejected = new Map<FeedRow, string>();
    if (changed.size > 0) {
      const outcome = input.analyse(withCalendarText(input.raw, input.file, text));
      // A new date-only deal of today whose day has no slot left for it (they are past or full) is
      // queued instead: the deal is running, so the next free slot before it expires is right.
      let requeued = false;
      for (const candidate of accepted) {
        if (candidate.fields.at !== today || actions.get(candidate.row) !== 'added') continue;
        const entry = outcome.timeline.byAccount
          .get(input.account.id)
          ?.find((e) => e.post.id === candidate.fields.id && e.post.file === input.file);
        if (entry?.at && entry.at.getTime() >= input.now.getTime()) continue;
        delete candidate.fields.at;
        requeued = true;
      }
      if (requeued) continue;
      baseline ??= input.analyse(input.raw).problems;
      for (const problem of newProblems(baseline, outcome.problems)) {
        if (problem.severity !== 'error') continue;
        const own = problem.file === input.file && problem.postId ? changed.get(problem.postId) : undefined;
        if (own) {
          if (!rejected.has(own)) rejected.set(own, `${problem.message} (${problem.ruleId})`);
          continue;
        }
        if (!problem.postId) {
          // A problem of the file itself (it no longer parses, …): nothing may be written.
          return refuse(input, outcomes, {
            message: `The import would break ${problem.file}: ${problem.message}`,
            hint: 'Nothing was written. Fix the file (chorus lint shows every problem) and import again.',
            line: problem.line,
            column: problem.column,
          });
        }
        // An error on a post that was already there (a daily cap, a gap) comes from the imported post
        // nearest to it in time: leave that one out and look again.
        const culprit = nearestChanged(outcome.timeline, input, problem, changed, rejected);
        if (culprit) {
          rejected.set(
            culprit,
            `${problem.message} (${problem.ruleId}, on ${problem.postId} at ${problem.file}:${problem.line})`,
          );
        }
      }
    }
    if (rejected.size === 0) {
      for (const { row, fields } of accepted)
        outcomes.push({ line: row.line, action: actions.get(row)!, postId: fields.id });
      return finish(input.file, text, outcomes);
    }
    for (const [row, reason] of rejected) {
      outcomes.push({ line: row.line, action: 'rejected', postId: dealPostId(row)!, reason });
    }
    accepted = accepted.filter(({ row }) => !rejected.has(row));
  }
}

/** Problems in `after` that `before` does not have (by rule, message id, file, account and post). */
function newProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const key = (p: Problem) =>
    `${p.ruleId}|${p.messageId ?? ''}|${p.file}|${p.account ?? ''}|${p.postId ?? ''}`;
  const counts = new Map<string, number>();
  for (const p of before) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
  return after.filter((p) => {
    const n = counts.get(key(p)) ?? 0;
    if (n > 0) counts.set(key(p), n - 1);
    return n === 0;
  });
}

/** The imported (changed, not yet rejected) post nearest in time to the problem's post; the last one when times are unknown. */
function nearestChanged(
  timeline: Timeline,
  input: ImportInput,
  problem: Problem,
  changed: ReadonlyMap<string, FeedRow>,
  rejected: ReadonlyMap<FeedRow, string>,
): FeedRow | undefined {
  // Findings name the account (and the channel when it is one channel's): the timeline is by channel.
  const key =
    problem.channel !== undefined && problem.account !== undefined
      ? channelKey(problem.account, problem.channel)
      : problem.account === input.account.accountId
        ? input.account.id
        : (problem.account ?? '');
  const at = (timeline.byAccount.get(key) ?? [])
    .find((e) => e.post.id === problem.postId && e.post.file === problem.file)
    ?.at?.getTime();
  let best: { row: FeedRow; distance: number } | undefined;
  for (const entry of timeline.byAccount.get(input.account.id) ?? []) {
    const row = entry.post.file === input.file ? changed.get(entry.post.id) : undefined;
    if (!row || rejected.has(row)) continue;
    const distance =
      at === undefined || entry.at === undefined
        ? Number.MAX_SAFE_INTEGER
        : Math.abs(entry.at.getTime() - at);
    if (!best || distance <= best.distance) best = { row, distance };
  }
  return best?.row;
}

function tooLarge(bytes: number, posts: number, estimate: boolean): ImportRefusal {
  const size = `${estimate ? 'at least ' : ''}${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return {
    message: `The import would make this file ${size} (${posts} imported posts); Chorus reads calendar files up to ${MAX_FILE_BYTES / 1024 / 1024} MB, so none of its posts would be published.`,
    hint: 'Nothing was written. Import a smaller feed (for example only the deals of the coming weeks).',
  };
}

function refuse(input: ImportInput, rows: RowOutcome[], refused: ImportRefusal): ImportPlan {
  return { ...finish(input.file, input.calendarText, rows), refused };
}

function withoutKeys(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function finish(file: string, text: string, rows: RowOutcome[]): ImportPlan {
  rows.sort((a, b) => a.line - b.line);
  const counts: Record<RowAction, number> = {
    added: 0,
    updated: 0,
    unchanged: 0,
    expired: 0,
    invalid: 0,
    rejected: 0,
  };
  for (const row of rows) counts[row.action]++;
  return { file, text, rows, counts };
}
