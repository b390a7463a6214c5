import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { trackingCode } from '../../src/tracking/code.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = ['--now', '2026-11-22T08:00:00Z'];
const files = {
  'accounts/outlet.yaml': accountYaml('tracking:\n  domains: [shop.example.com]'),
  'accounts/news.yaml': accountYaml('', { handle: 'acme_news' }),
  'content/outlet/c.yaml':
    '- id: d1\n  category: deals\n  text: Shoes\n  link: https://shop.example.com/s?ref=a#top\n  at: 2026-11-23 10:00\n' +
    '- id: q1\n  category: community\n  text: Thanks for reading https://other.org/x\n',
  'content/news/c.yaml': '- id: n1\n  category: news\n  text: News\n  at: 2026-11-24 09:00\n',
};
const d1 = trackingCode('outlet', 'd1');
const d1Url = `https://shop.example.com/s?ref=a&utm_source=x&utm_medium=social&utm_campaign=outlet&utm_content=${d1}#top`;

describe('chorus codes (CLI)', () => {
  it('lists codes as CSV with a header, planned time in UTC and the final URL', async () => {
    const root = await makeWorkspace(files);
    const result = runCli(['codes', '--root', root, '--format', 'csv', ...NOW]);
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      {
        account: 'outlet',
        post_id: 'd1',
        category: 'deals',
        planned_at: '2026-11-23T09:00:00Z',
        code: d1,
        urls: d1Url,
        file: 'content/outlet/c.yaml',
        line: '1',
        channel: '',
      },
      expect.objectContaining({
        account: 'news',
        post_id: 'n1',
        planned_at: '2026-11-24T08:00:00Z',
        urls: '',
      }),
      expect.objectContaining({
        account: 'outlet',
        post_id: 'q1',
        planned_at: '',
        code: trackingCode('outlet', 'q1'),
        urls: '',
      }),
    ]);
  });

  it('prints JSON and a table, and filters by --account', async () => {
    const root = await makeWorkspace(files);
    const json = JSON.parse(
      runCli(['codes', '--root', root, '--format', 'json', '--account', 'outlet', ...NOW]).stdout,
    );
    expect(json).toEqual([
      {
        account: 'outlet',
        postId: 'd1',
        category: 'deals',
        plannedAt: '2026-11-23T09:00:00Z',
        code: d1,
        urls: [d1Url],
        file: 'content/outlet/c.yaml',
        line: 1,
      },
      expect.objectContaining({ postId: 'q1', plannedAt: null, urls: [] }),
    ]);
    const table = runCli(['codes', '--root', root, ...NOW]).stdout.split('\n');
    expect(table[0]).toMatch(/^ACCOUNT\s+POST\s+CATEGORY\s+PLANNED \(UTC\)\s+CODE\s+URL$/);
    expect(table[1]).toMatch(
      new RegExp(`^outlet\\s+d1\\s+deals\\s+2026-11-23T09:00:00Z\\s+${d1}\\s+https://shop`),
    );
  });

  it('exits 2 for an unknown account', async () => {
    const root = await makeWorkspace(files);
    const result = runCli(['codes', '--root', root, '--account', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/There is no account "nope"/);
  });
});
