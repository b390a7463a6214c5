// The ledger: parsing (torn last line tolerated), replay into per-post state, stable lines, torn-tail repair.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatLedgerRecord,
  type LedgerRecord,
  parseLedger,
  publishedPosts,
  replayLedger,
} from '../../src/state/ledger.js';
import { appendRecords, openLedger, readAccountLedger } from '../../src/state/ledger-file.js';
import { makeWorkspace } from '../helpers/workspace.js';

const base = { v: 1 as const, account: 'news', run: 'r1' };
const intent = (post: string, part: number, at = '2026-11-22T09:00:00.000Z'): LedgerRecord => ({
  ...base,
  type: 'intent',
  post,
  part,
  text_sha256: 'ab'.repeat(32),
  at,
});
const published = (
  post: string,
  part: number,
  id: string,
  at = '2026-11-22T09:00:01.000Z',
): LedgerRecord => ({
  ...base,
  type: 'published',
  post,
  part,
  platform_id: id,
  url: `https://x.com/news/status/${id}`,
  at,
});

describe('parseLedger', () => {
  it('reads one record per line', () => {
    const text = [intent('a', 0), published('a', 0, '1')].map(formatLedgerRecord).join('');
    const parsed = parseLedger(text);
    expect(parsed.records.map((r) => r.type)).toEqual(['intent', 'published']);
    expect(parsed.tornTail).toBe(false);
    expect(parsed.problems).toEqual([]);
  });

  it.each([
    ['half a JSON object', '{"v":1,"type":"publ'],
    ['a complete object cut before its last field', '{"v":1,"type":"published","post":"a"}'],
  ])('tolerates a torn last line: %s', (_name, tail) => {
    const text = formatLedgerRecord(intent('a', 0)) + tail;
    const parsed = parseLedger(text);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.tornTail).toBe(true);
    expect(parsed.problems).toEqual([]);
  });

  it('reports a bad line that is not the last one, with its line number', () => {
    const text = `${formatLedgerRecord(intent('a', 0))}garbage\n${formatLedgerRecord(published('a', 0, '1'))}`;
    expect(parseLedger(text).problems).toEqual([{ line: 2, message: 'this line is not JSON' }]);
  });

  it("reads what publish writes for a missed post: a planned instant, or a date-only post's date", () => {
    const missed = (planned: string) =>
      JSON.stringify({
        v: 1,
        type: 'missed',
        account: 'a',
        post: 'p',
        part: 0,
        planned,
        reason: 'its day, 2026-12-12, has passed',
        at: '2026-12-13T12:00:00.000Z',
        run: 'r',
      });
    const parsed = parseLedger(
      `${missed('2026-12-12')}\n${missed('2026-12-12T09:00:00.000Z')}\n${missed('soon')}\n`,
    );
    expect(parsed.records).toHaveLength(2);
    expect(parsed.problems).toEqual([{ line: 3, message: expect.stringContaining('"planned" is neither') }]);
  });

  it('writes keys in a fixed order', () => {
    expect(formatLedgerRecord(published('a', 1, '77'))).toBe(
      '{"v":1,"type":"published","account":"news","post":"a","part":1,"platform_id":"77","url":"https://x.com/news/status/77","at":"2026-11-22T09:00:01.000Z","run":"r1"}\n',
    );
  });
});

describe('replayLedger', () => {
  it('tells sent parts, unknown outcomes and the last publish time apart', () => {
    const state = replayLedger([
      intent('a', 0),
      published('a', 0, '1', '2026-11-22T09:00:01.000Z'),
      intent('a', 1),
      intent('b', 0),
      { ...base, type: 'failed', post: 'b', part: 0, reason: 'rate limited', at: '2026-11-22T09:00:02.000Z' },
      intent('c', 0),
      {
        ...base,
        type: 'reconciled',
        post: 'c',
        part: 0,
        found: true,
        platform_id: '9',
        url: 'u',
        at: '2026-11-22T09:05:00.000Z',
      },
      intent('d', 0),
      { ...base, type: 'reconciled', post: 'd', part: 0, found: false, at: '2026-11-22T09:06:00.000Z' },
    ]);
    expect([...state.posts.get('a')!.sent.keys()]).toEqual([0]);
    expect([...state.posts.get('a')!.unknown.keys()]).toEqual([1]);
    expect(state.posts.get('b')!.unknown.size).toBe(0);
    expect(state.posts.get('b')!.sent.size).toBe(0);
    expect(state.posts.get('c')!.sent.get(0)!.platformId).toBe('9');
    expect(state.posts.get('d')!.unknown.size).toBe(0);
    expect(state.posts.get('d')!.sent.size).toBe(0);
    expect(state.lastPublishedAt?.toISOString()).toBe('2026-11-22T09:05:00.000Z');
    expect([...publishedPosts(state).keys()].sort()).toEqual(['a', 'c']);
    expect(publishedPosts(state).get('a')).toEqual({
      postId: 'a',
      at: new Date('2026-11-22T09:00:01.000Z'),
      platformIds: ['1'],
      url: 'https://x.com/news/status/1',
    });
  });
});

describe('ledger file', () => {
  it('cuts a torn tail before appending, so the next record starts on its own line', async () => {
    const root = await makeWorkspace({});
    await appendRecords(root, 'news', [intent('a', 0)]);
    const file = path.join(root, 'state/news.jsonl');
    await writeFile(file, `${await readFile(file, 'utf8')}{"v":1,"type":"pub`);
    expect((await readAccountLedger(root, 'news')).tornTail).toBe(true);
    await appendRecords(root, 'news', [published('a', 0, '5')]);
    const parsed = await readAccountLedger(root, 'news');
    expect(parsed.tornTail).toBe(false);
    expect(parsed.records.map((r) => r.type)).toEqual(['intent', 'published']);
  });

  it('a ledger opened ahead and never written to leaves no file behind; one that existed stays', async () => {
    const root = await makeWorkspace({ 'state/kept.jsonl': '' });
    const unused = await openLedger(root, 'news');
    expect(existsSync(path.join(root, 'state/news.jsonl'))).toBe(true);
    await unused.close();
    expect(existsSync(path.join(root, 'state/news.jsonl'))).toBe(false);

    const existing = await openLedger(root, 'kept');
    await existing.close();
    expect(await readFile(path.join(root, 'state/kept.jsonl'), 'utf8')).toBe('');

    const used = await openLedger(root, 'news');
    await used.append(intent('a', 0));
    await used.append(published('a', 0, '5'));
    await used.close();
    expect((await readAccountLedger(root, 'news')).records).toEqual([intent('a', 0), published('a', 0, '5')]);
  });

  it('refuses a damaged ledger with a located error', async () => {
    const root = await makeWorkspace({ 'state/news.jsonl': 'oops\n{}\n' });
    const ledger = await readAccountLedger(root, 'news');
    expect(ledger.problem).toMatchObject({ file: 'state/news.jsonl', line: 1 });
    expect(ledger.records).toEqual([]);
  });
});

describe('ledger records are checked on read (issue 19, finding 9)', () => {
  const line = (record: object) => `${JSON.stringify(record)}\n`;
  it.each([
    [
      'an `at` that is not a time',
      { ...published('a', 0, '1'), at: 'yesterday-ish' },
      '"at" is not an ISO 8601 time',
    ],
    ['an `at` that is no real day', { ...published('a', 0, '1'), at: '2026-02-30T25:00:00Z' }, '"at"'],
    ['a negative part', { ...intent('a', 0), part: -1 }, '"part" is negative'],
    ['an unknown type', { ...intent('a', 0), type: 'posted' }, '"type" has no known record type'],
    [
      'a missed record without a planned time',
      { ...intent('a', 0), type: 'missed', reason: 'r' },
      '"planned"',
    ],
  ])('%s is a located problem, not a crash later', (_name, bad, message) => {
    const text = line(intent('a', 0)) + line(bad) + line(published('b', 0, '2'));
    const parsed = parseLedger(text);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]!.line).toBe(2);
    expect(parsed.problems[0]!.message).toContain(`this line is not a ledger record: ${message}`);
  });
});
