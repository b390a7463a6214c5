import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRACKING_CODE_LENGTH, trackingCode } from '../../src/tracking/code.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

describe('trackingCode', () => {
  // Golden values computed independently from the documented algorithm with Python:
  // base64.b32encode(hashlib.sha256(f"chorus-tracking-v1:{account}:{post}".encode()).digest()).decode().lower()[:12]
  it.each([
    ['outlet', 'd1', 'xmzsbyxovpgr'],
    ['outlet', 'deal-cd-200-2026-11-23', 'riwkc2izobd2'],
    ['acme-news', 'hello', 'nc35uex5adhr'],
    ['a', 'ü-1', 'd4bf5arnis6n'],
  ])('%s/%s → %s', (account, post, code) => {
    expect(trackingCode(account, post)).toBe(code);
  });

  it('is 12 URL-safe characters and differs when either id differs', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (account, post) => {
        const code = trackingCode(account, post);
        expect(code).toMatch(new RegExp(`^[a-z2-7]{${TRACKING_CODE_LENGTH}}$`));
        expect(trackingCode(account, post)).toBe(code);
        expect(trackingCode(account, `${post}x`)).not.toBe(code);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('is identical for the same workspace in other folders and processes (another machine, another run)', async () => {
    const files = {
      'accounts/outlet.yaml': accountYaml('tracking:\n  domains: [shop.example.com]'),
      'accounts/news.yaml': accountYaml('', { handle: 'acme_news', timezone: 'America/New_York' }),
      'content/outlet/a.yaml': Array.from(
        { length: 20 },
        (_, i) =>
          `- id: deal-${i}\n  category: deals\n  text: Deal ${i}\n  link: https://shop.example.com/p/${i}\n`,
      ).join(''),
      'content/news/b.yaml': '- id: deal-1\n  category: news\n  text: Same id, other account\n',
    };
    const codes = (root: string, env: Record<string, string>) => {
      const result = runCli(['codes', '--root', root, '--format', 'json', '--now', '2026-11-22T08:00:00Z'], {
        env,
      });
      expect(result.stderr).toBe('');
      return (JSON.parse(result.stdout) as { account: string; postId: string; code: string }[])
        .map((row) => `${row.account}/${row.postId}=${row.code}`)
        .sort();
    };
    const first = codes(await makeWorkspace(files), { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8' });
    const second = codes(await makeWorkspace(files), { TZ: 'America/Los_Angeles', LANG: 'C' });
    expect(first).toHaveLength(21);
    expect(first).toEqual(second);
    expect(first).toContain(`outlet/deal-1=${trackingCode('outlet', 'deal-1')}`);
    expect(new Set(first.map((line) => line.split('=')[1])).size).toBe(21);
  });
});
