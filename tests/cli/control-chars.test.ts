// No command prints a control character from the workspace or a feed raw to the terminal (issue 19).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = ['--now', '2026-11-22T08:00:00Z'];
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;

describe('control characters never reach the terminal (CLI)', () => {
  it('lint, plan (table and ics), publish --dry-run and codes: a located error, nothing raw', async () => {
    const root = await makeWorkspace({
      'accounts/shop.yaml': accountYaml('slots:\n  daily: ["09:00"]'),
      'content/shop/c.yaml':
        '- id: ok\n  category: news\n  text: Fine post\n  at: 2026-11-23 09:00\n' +
        '- id: bad\n  category: news\n  text: "Sale \\e]0;PWNED\\a\\e[2J\\e[31m now \\u009B31m"\n  at: 2026-11-23 10:00\n' +
        '  "key\\e[2J": 1\n',
    });
    const lint = runCli(['lint', '--root', root, ...NOW]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain('7:9');
    expect(lint.stdout).toContain('`text`: contains the control character U+001B (ESC, a terminal escape)');
    expect(lint.stdout).toContain('key␛[2J');
    for (const args of [
      ['lint'],
      ['plan'],
      ['plan', '--format', 'ics'],
      ['publish', '--dry-run'],
      ['codes'],
    ]) {
      const result = runCli([...args, '--root', root, ...NOW]);
      expect(`${result.stdout}${result.stderr}`.replace(/\r\n/g, '\n'), args.join(' ')).not.toMatch(RAW);
    }
  });

  it('import refuses feed rows with ESC, U+0085 or U+2028 in a title; the calendar never holds them', async () => {
    const root = await makeWorkspace({
      'accounts/outlet.yaml': accountYaml(
        'tracking:\n  domains: [shop.example.com]\nslots:\n  daily: ["09:00", "13:00"]\nlimits:\n  promo_share: 1',
      ),
    });
    await writeFile(
      path.join(root, 'feed.csv'),
      'sku,title,price,list_price,currency,url,starts,ends\n' +
        'A-1,Shoes \u001b[31mred,10,20,EUR,https://shop.example.com/a,2026-11-23,2026-11-30\n' +
        'B-2,Socks\u0085now,10,20,EUR,https://shop.example.com/b,2026-11-23,2026-11-30\n' +
        'C-3,Hats\u2028now,10,20,EUR,https://shop.example.com/c,2026-11-23,2026-11-30\n' +
        'D-4,Gloves,10,20,EUR,https://shop.example.com/d,2026-11-23,2026-11-30\n',
    );
    const result = runCli(['import', 'feed.csv', '--account', 'outlet', '--approved-by', 'ben', ...NOW], {
      cwd: root,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('feed.csv:2: title contains the control character U+001B');
    expect(result.stderr).toContain('feed.csv:3: title contains the control character U+0085');
    expect(result.stderr).toContain('feed.csv:4: title contains the control character U+2028');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(RAW);
    const calendar = await readFile(path.join(root, 'content/outlet/feed.yaml'), 'utf8');
    expect(calendar).toContain('Gloves');
    expect(calendar).not.toMatch(/Shoes|Socks|Hats/);
  });
});
