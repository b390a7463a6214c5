// Due selection is a table: planned time, late window, expiry, lint errors, ledger state → due/missed/skipped.
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import type { Problem } from '../../src/model/types.js';
import { selectDue, skippedOffTimeline } from '../../src/publish/due.js';
import { type LedgerRecord, replayLedger } from '../../src/state/ledger.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

const NOW = new Date('2026-11-22T09:00:00Z');

function select(posts: string, records: LedgerRecord[] = [], lateWindowMinutes = 60) {
  const outcome = analyseWorkspace(
    rawWorkspaceFromFiles({
      'chorus.yaml': 'limits:\n  min_gap_minutes: 0\n',
      'accounts/news.yaml': accountYaml(),
      'content/news/c.yaml': posts,
    }),
    { now: NOW },
  );
  const errorsByPost = new Map<string, Problem[]>();
  for (const p of outcome.problems) {
    if (p.severity === 'error' && p.postId)
      errorsByPost.set(p.postId, [...(errorsByPost.get(p.postId) ?? []), p]);
  }
  return selectDue({
    entries: outcome.timeline.byAccount.get('news') ?? [],
    ledger: replayLedger(records),
    errorsByPost,
    now: NOW,
    lateWindowMinutes,
  });
}

const post = (id: string, at: string, extra = '') =>
  `- id: ${id}\n  category: news\n  text: Post ${id}\n  at: "${at}"\n${extra}`;
const rec = { v: 1 as const, account: 'news', run: 'r', at: '2026-11-22T08:00:00Z' };

describe('selectDue', () => {
  it.each([
    ['planned now', '2026-11-22T09:00:00Z', 'due'],
    ['planned earlier, within the late window', '2026-11-22T08:00:00Z', 'due'],
    ['planned just past the late window', '2026-11-22T07:59:00Z', 'missed'],
    ['planned in the future', '2026-11-22T09:01:00Z', 'none'],
  ])('%s', (_name, at, expected) => {
    const selection = select(post('p', at));
    const got = selection.due.length ? 'due' : selection.missed.length ? 'missed' : 'none';
    expect(got).toBe(expected);
  });

  it('a post past its deal expiry is missed, not sent', () => {
    const selection = select(post('p', '2026-11-22T08:30:00Z', '  expires: "2026-11-22T08:59:00Z"\n'));
    expect(selection.missed).toEqual([
      {
        account: 'news',
        id: 'p',
        reason: 'the deal expired at 2026-11-22T08:59:00.000Z',
        planned: '2026-11-22T08:30:00.000Z',
      },
    ]);
  });

  it('a due post with lint errors is skipped, naming the problem', () => {
    const selection = select(
      `- id: p\n  category: news\n  text: ${'y'.repeat(290)}\n  at: "2026-11-22T08:30:00Z"\n`,
    );
    expect(selection.due).toEqual([]);
    expect(selection.skipped[0]!.reason).toMatch(
      /^lint errors: content\/news\/c\.yaml:3:\d+ .* \(max-length\)$/,
    );
  });

  it('a published post is not due again; a half-published thread is resumed even when late', () => {
    const posts =
      post('a', '2026-11-22T08:30:00Z') + post('t', '2026-11-22T06:00:00Z', '  thread: [two, three]\n');
    const selection = select(posts, [
      { ...rec, type: 'published', post: 'a', part: 0, platform_id: '1', url: 'u' },
      { ...rec, type: 'published', post: 't', part: 0, platform_id: '2', url: 'u' },
    ]);
    expect(selection.due.map((d) => [d.entry.post.id, d.firstPart])).toEqual([['t', 1]]);
  });

  it('an intent without outcome asks for reconciliation first', () => {
    const selection = select(post('a', '2026-11-22T08:30:00Z'), [
      { ...rec, type: 'intent', post: 'a', part: 0, text_sha256: 'x' },
    ]);
    expect(selection.due).toEqual([]);
    expect(selection.unknown.map((e) => e.post.id)).toEqual(['a']);
  });

  it('a post already reported missed for its planned time is not reported again; a new time makes it due', () => {
    const missed = {
      ...rec,
      type: 'missed' as const,
      post: 'p',
      part: 0,
      planned: '2026-11-22T06:00:00.000Z',
      reason: 'r',
    };
    expect(select(post('p', '2026-11-22T06:00:00Z'), [missed]).missed).toEqual([]);
    expect(select(post('p', '2026-11-22T08:30:00Z'), [missed]).due.map((d) => d.entry.post.id)).toEqual([
      'p',
    ]);
  });

  it('keeps time order', () => {
    const selection = select(post('b', '2026-11-22T08:40:00Z') + post('a', '2026-11-22T08:20:00Z'));
    expect(selection.due.map((d) => d.entry.post.id)).toEqual(['a', 'b']);
  });
});

describe('skippedOffTimeline', () => {
  it('reports broken files and invalid posts once each, by account', () => {
    const problem = (file: string, postId?: string): Problem => ({
      ruleId: 'schema',
      severity: 'error',
      file,
      line: 1,
      column: 1,
      message: 'bad',
      ...(postId ? { postId, account: 'news' } : {}),
    });
    const reports = skippedOffTimeline(
      [
        problem('content/news/x.yaml'),
        problem('content/news/x.yaml'),
        problem('content/news/y.yaml', 'p'),
        problem('content/news/y.yaml', 'ok'),
      ],
      (_account, postId) => postId === 'ok',
    );
    expect(reports).toEqual([
      {
        account: 'news',
        id: 'content/news/x.yaml',
        reason: 'the calendar file cannot be used: content/news/x.yaml:1:1 bad (schema)',
      },
      {
        account: 'news',
        id: 'p',
        reason: 'the post does not match the schema: content/news/y.yaml:1:1 bad (schema)',
      },
    ]);
  });
});
