// Finding the post an unknown attempt created on a network read by timeline (X, Mastodon, Weibo): exact
// text, the intent's text hash, the tracking code.
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { type IntentRecord, textSha256 } from '../../src/state/ledger.js';
import { matchTimeline, type TimelinePost } from '../../src/platforms/timeline-match.js';
import type { TimelineEntry } from '../../src/schedule/timeline.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

function entry(text: string, thread: string[] = []): TimelineEntry {
  const outcome = analyseWorkspace(
    rawWorkspaceFromFiles({
      'accounts/news.yaml': accountYaml(),
      'content/news/c.yaml': `- id: p\n  category: news\n  text: ${JSON.stringify(text)}\n  at: "2026-11-22T08:00:00Z"\n  thread: ${JSON.stringify(thread)}\n`,
    }),
    { now: new Date('2026-11-22T09:00:00Z') },
  );
  return outcome.timeline.entries[0]!;
}

/** The query the publisher asks for an intent, answered from `recent` (as X, Mastodon and Weibo do). */
function findSentPart(
  entry: TimelineEntry,
  intent: IntentRecord,
  previousId: string | undefined,
  recent: readonly TimelinePost[],
): TimelinePost | undefined {
  return matchTimeline(
    {
      key: { account: intent.account, post: intent.post, part: intent.part },
      text: entry.rendered.parts[intent.part]?.text ?? '',
      textSha256: intent.text_sha256,
      trackingCode: intent.part === 0 ? entry.rendered.trackingCode : undefined,
      parent: previousId === undefined ? undefined : { id: previousId, url: '' },
      since: new Date(intent.at),
    },
    recent,
  );
}

const intent = (part: number, sent: string): IntentRecord => ({
  v: 1,
  type: 'intent',
  account: 'news',
  post: 'p',
  part,
  text_sha256: textSha256(sent),
  at: '2026-11-22T09:00:00.000Z',
  run: 'r',
});

describe('findSentPart', () => {
  it('matches the exact text, whitespace-normalised', () => {
    const recent = [
      { id: '1', text: 'Other', inReplyTo: undefined },
      { id: '2', text: 'Hello  world ', inReplyTo: undefined },
    ];
    expect(findSentPart(entry('Hello world'), intent(0, 'Hello world'), undefined, recent)?.id).toBe('2');
  });

  it('finds nothing when X does not have it', () => {
    expect(
      findSentPart(entry('Hello'), intent(0, 'Hello'), undefined, [
        { id: '1', text: 'Bye', inReplyTo: undefined },
      ]),
    ).toBeUndefined();
  });

  it('finds what was really sent even when the calendar text changed since', () => {
    const recent = [{ id: '7', text: 'Old wording', inReplyTo: undefined }];
    expect(findSentPart(entry('New wording'), intent(0, 'Old wording'), undefined, recent)?.id).toBe('7');
  });

  it('a reply must answer the previous part', () => {
    const recent = [
      { id: '3', text: 'Two', inReplyTo: '999' },
      { id: '4', text: 'Two', inReplyTo: '1' },
    ];
    expect(findSentPart(entry('One', ['Two']), intent(1, 'Two'), '1', recent)?.id).toBe('4');
  });
});
