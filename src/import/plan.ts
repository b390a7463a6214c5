// Plans an import: which feed rows add, update or leave posts, linted before anything is written. Pure.
import { parse as parseYaml } from 'yaml';
import { lintWorkspace } from '../lint/lint-workspace.js';
import { expiryInstant, localToInstant, postTimeToInstant } from '../model/time.js';
import type { Account, PostTime } from '../model/types.js';
import type { PublishedPost } from '../schedule/timeline.js';
import { type EditAction, type PostFields, upsertPosts } from '../workspace/calendar-edit.js';
import { withCalendarText } from '../workspace/memory.js';
import type { RawWorkspace } from '../workspace/read.js';
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

export interface ImportPlan {
  /** Workspace-relative calendar file the posts go to. */
  file: string;
  /** The calendar's text after the import (equal to the input text when nothing changes). */
  text: string;
  /** One outcome per feed row, by line. */
  rows: RowOutcome[];
  counts: Record<RowAction, number>;
}

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
  /** Published posts from the ledgers, so the candidate is linted against the real timeline. */
  published?: ReadonlyMap<string, ReadonlyMap<string, PublishedPost>>;
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
  for (const row of input.rows) {
    if (row.ends && expiryInstant(row.ends, input.account.timezone).getTime() <= input.now.getTime()) {
      outcomes.push({ line: row.line, action: 'expired' });
      continue;
    }
    const id = dealPostId(row);
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
    const fields = dealPostFields(row, input.account, input.template, id);
    // A deal that is already running is queued (the next free slot), not pinned to a start in the past.
    if (startInstant(row.starts, input.account.timezone).getTime() <= input.now.getTime()) delete fields.at;
    // The feed is approved as a whole by a person of the team (the approval rule needs a name).
    if (input.author !== undefined) fields.author = input.author;
    if (input.approvedBy !== undefined) fields.approved_by = input.approvedBy;
    // Keep fields people added by hand (approved_by, media, …); the feed's fields win.
    const before = existing.get(id);
    const merged: PostFields = before ? { ...fields, ...withoutKeys(before, Object.keys(fields)) } : fields;
    candidates.push({ row, fields: merged });
  }

  let accepted = candidates;
  for (;;) {
    const edit = upsertPosts(
      input.calendarText,
      accepted.map(({ fields }) => fields),
    );
    const text = edit.text;
    const actions = new Map<FeedRow, EditAction>(
      accepted.map(({ row }, index) => [row, edit.actions[index]!]),
    );
    const changed = new Map<string, FeedRow>();
    for (const { row, fields } of accepted) if (actions.get(row) !== 'unchanged') changed.set(fields.id, row);
    const rejected = new Map<FeedRow, string>();
    if (changed.size > 0) {
      const outcome = lintWorkspace(withCalendarText(input.raw, input.file, text), {
        now: input.now,
        published: input.published,
      });
      for (const problem of outcome.problems) {
        if (problem.severity !== 'error' || problem.file !== input.file || !problem.postId) continue;
        const row = changed.get(problem.postId);
        if (row && !rejected.has(row)) rejected.set(row, `${problem.message} (${problem.ruleId})`);
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
