// The shipped example workspace (accounts/, content/, chorus.yaml at the repo root) lints clean and shows every feature.
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { readWorkspace } from '../../src/workspace/read.js';
import { runCli } from '../helpers/run-cli.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const NOW = '2026-11-22T10:00:00Z';

async function yamlFiles(): Promise<string[]> {
  const found = ['chorus.yaml'];
  for (const folder of ['accounts', 'content']) {
    const entries = (await readdir(path.join(REPO, folder), { recursive: true })) as string[];
    for (const entry of entries)
      if (entry.endsWith('.yaml')) found.push(`${folder}/${entry.split(path.sep).join('/')}`);
  }
  return found.sort();
}

describe('the example workspace', () => {
  it('the README quick start: a publish dry run shows the due payloads and writes nothing', async () => {
    const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    const command = /npm ci && npx --no-install chorus (publish --dry-run[^\n`]*)/.exec(readme)?.[1];
    expect(command, 'README quick start runs chorus publish --dry-run').toBeDefined();
    const root = await mkdtemp(path.join(tmpdir(), 'chorus-quickstart-'));
    for (const entry of ['accounts', 'content', 'chorus.yaml', 'media'])
      await cp(path.join(REPO, entry), path.join(root, entry), { recursive: true });
    const result = runCli(command!.split(' '), { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would send larkspur-outlet/cirrus-down-bag');
    // The news account on two networks: the notice goes to each channel, in each network's shape.
    expect(result.stdout).toContain('would send larkspur-news@x/beacon-200-safety-notice');
    expect(result.stdout).toContain('would send larkspur-news@bluesky/beacon-200-safety-notice');
    expect(result.stdout).toMatch(/utm_source=x&utm_medium=social&utm_campaign=larkspur-news&/);
    expect(result.stdout).toMatch(/utm_source=bluesky&utm_medium=social&utm_campaign=larkspur-news&/);
    // The Bluesky account's thread: the record with its facets, the tracked URL behind the short link.
    expect(result.stdout).toContain('would send larkspur-workshop/tent-pole-splint-thread');
    expect(result.stdout).toMatch(
      /"uri":"https:\/\/larkspur\.example\.com\/repair\/guides\/tent-pole-splint\?utm_source=bluesky[^"]*utm_content=[a-z2-7]{12}"/,
    );
    expect(result.stdout).toMatch(/utm_content=[a-z2-7]{12}/);
    expect(result.stdout).toContain(
      'Dry run: 4 would be sent, 0 published, 0 deferred, 6 missed, 0 skipped, 0 failed.',
    );
    expect((await readdir(root)).sort()).toEqual(['accounts', 'chorus.yaml', 'content', 'media']);
  });

  it('`chorus lint` exits 0 with no problems at all', () => {
    const result = runCli(['lint', '--now', NOW], { cwd: REPO });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('✔ No problems\n');
    expect(result.code).toBe(0);
  });

  // The README's claim must hold on any date: time alone never turns lint red. Once the example's dates
  // have passed, its unpublished posts are `missed` warnings, and nothing else.
  for (const date of [
    '2026-11-30T12:00:00Z',
    '2026-12-06T12:00:00Z',
    '2026-12-31T23:30:00Z',
    '2027-01-20T12:00:00Z',
    '2030-06-01T00:00:00Z',
  ]) {
    it(`\`chorus lint\` has no errors on ${date.slice(0, 10)}, with no file changed`, () => {
      const result = runCli(['lint', '--format', 'json', '--now', date], { cwd: REPO });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const messages = (JSON.parse(result.stdout) as { messages: { ruleId: string; severity: number }[] }[])
        .flatMap((file) => file.messages)
        .filter((m) => m.severity === 2 || m.ruleId !== 'missed');
      expect(messages).toEqual([]);
    });
  }

  it('`chorus lint --format json` is stable: every file, sorted, no messages', async () => {
    const first = runCli(['lint', '--format', 'json', '--now', NOW], { cwd: REPO });
    const second = runCli(['lint', '--format', 'json', '--now', NOW], { cwd: REPO });
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const results = JSON.parse(first.stdout) as { filePath: string }[];
    expect(results).toEqual(
      (await yamlFiles()).map((filePath) => ({ filePath, messages: [], errorCount: 0, warningCount: 0 })),
    );
  });

  it('every file names its JSON Schema for the editor, with a path that exists', async () => {
    for (const file of await yamlFiles()) {
      const text = await readFile(path.join(REPO, file), 'utf8');
      const first = text.split('\n')[0]!;
      const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(match, `${file} starts with a yaml-language-server line`).not.toBeNull();
      const kind = file === 'chorus.yaml' ? 'config' : file.startsWith('accounts/') ? 'account' : 'content';
      const target = path.resolve(path.dirname(path.join(REPO, file)), match![1]!);
      expect(target, file).toBe(path.join(REPO, 'schemas', `${kind}.schema.json`));
      await expect(readFile(target, 'utf8')).resolves.toContain('"$schema"');
    }
  });

  it('shows off every feature of the file format', async () => {
    const { workspace, timeline } = analyseWorkspace(await readWorkspace(REPO), { now: new Date(NOW) });
    const accounts = [...workspace.accounts.values()];
    const posts = workspace.posts;

    // Accounts: a deals outlet, news, blog, community, a non-English (CJK) one and an employee.
    expect(accounts.length).toBeGreaterThanOrEqual(6);
    const outlet = accounts.find((a) => a.platform === 'x' && a.categories.join() === 'deals,news')!;
    expect(outlet.limits.promo_share).toBe(1);
    expect(outlet.tracking.domains.length).toBeGreaterThan(0);
    expect(outlet.templates.deal).toMatch(/\{title\}.*\{price\}.*\{list_price\}.*\{discount\}/);
    expect(accounts.some((a) => a.categories.join() === 'blog')).toBe(true);
    expect(accounts.some((a) => a.categories[0] === 'news')).toBe(true);
    expect(accounts.some((a) => a.categories[0] === 'community')).toBe(true);
    const japanese = accounts.find((a) => a.language === 'ja')!;
    expect(japanese.timezone).toBe('Asia/Tokyo');
    expect(posts.some((p) => p.account === japanese.id && /[\u3040-\u30ff\u4e00-\u9fff]/.test(p.text))).toBe(
      true,
    );
    const employee = accounts.find((a) => a.kind === 'employee')!;
    expect(employee.disclosure).toMatch(/^#/);
    for (const post of posts.filter((p) => p.account === employee.id))
      expect(post.text).toContain(employee.disclosure);
    expect(accounts.some((a) => a.timezone.startsWith('America/'))).toBe(true);
    expect(new Set(accounts.map((a) => a.timezone.split('/')[0])).size).toBeGreaterThanOrEqual(3);
    for (const account of accounts) {
      expect(account.team.length, account.id).toBeGreaterThan(0);
      expect(
        account.slots.some((day) => day.length > 0),
        account.id,
      ).toBe(true);
    }
    expect(accounts.filter((a) => Object.keys(a.rules).length > 0).length).toBeGreaterThanOrEqual(2);

    // Deals: a link, an expiry, and an approver from the team who is not the author.
    const deals = posts.filter((p) => p.category === 'deals');
    expect(deals.length).toBeGreaterThan(5);
    for (const deal of deals) {
      const account = workspace.accounts.get(deal.account)!;
      expect(deal.link, deal.id).toBeDefined();
      expect(deal.expires, deal.id).toBeDefined();
      expect([account.owner, ...account.team], deal.id).toContain(deal.approvedBy);
      expect(deal.approvedBy, deal.id).not.toBe(deal.author);
    }
    // Only the outlet and the Chinese shop's Weibo account post deals.
    expect(new Set(deals.map((d) => d.account))).toEqual(new Set([outlet.id, 'larkspur-cn']));
    // One account on each network besides X: Weibo (Asia/Shanghai, simplified Chinese) and Mastodon.
    const cn = workspace.accounts.get('larkspur-cn')!;
    expect([cn.platform, cn.timezone, cn.language, cn.categories]).toEqual([
      'weibo',
      'Asia/Shanghai',
      'zh-CN',
      ['deals', 'news'],
    ]);
    expect(workspace.accounts.get('larkspur-repair')!.platform).toBe('mastodon');

    // Post features.
    expect(posts.some((p) => p.at?.kind === 'datetime' && p.at.offset === undefined)).toBe(true);
    expect(posts.some((p) => p.at?.kind === 'date')).toBe(true);
    expect(posts.some((p) => p.at === undefined)).toBe(true);
    expect(posts.some((p) => p.expires?.kind === 'datetime' && p.expires.offset !== undefined)).toBe(true);
    expect(posts.some((p) => p.thread.length >= 2)).toBe(true);
    expect(posts.some((p) => p.lang !== undefined)).toBe(true);
    const withImage = posts.find((p) => p.media.length > 0)!;
    const image = await readFile(path.join(REPO, withImage.media[0]!.file));
    expect([...image.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(withImage.media[0]!.alt.length).toBeGreaterThan(40);

    // Every explicitly timed post falls in December 2026 or January 2027.
    for (const entry of timeline.entries) {
      if (entry.post.at?.kind !== 'datetime') continue;
      expect(
        entry.at!.toISOString() >= '2026-12-01' && entry.at!.toISOString() < '2027-02-01',
        entry.post.id,
      ).toBe(true);
    }
  });

  it('the mistake shown in the README gives the output shown in the README', async () => {
    const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    const block = (name: string) => {
      const match = new RegExp(`<!-- ${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(readme);
      expect(match, `README has a block marked <!-- ${name} -->`).not.toBeNull();
      return match![1]!;
    };
    // The README shows this one-line slip in content/larkspur-outlet/2027-01.yaml.
    const [correct, slip] = ['  expires: 2027-01-20', '  expries: 2027-01-20'];
    expect(block('readme-mistake')).toContain(slip);
    const root = await mkdtemp(path.join(tmpdir(), 'chorus-readme-'));
    for (const entry of ['accounts', 'content', 'media', 'schemas', 'chorus.yaml'])
      await cp(path.join(REPO, entry), path.join(root, entry), { recursive: true });
    const file = path.join(root, 'content/larkspur-outlet/2027-01.yaml');
    const original = await readFile(file, 'utf8');
    expect(original).toContain(correct);
    await writeFile(file, original.replace(correct, slip));
    const result = runCli(['lint', '--now', NOW], { cwd: root });
    expect(result.code).toBe(1);
    expect(`$ npx --no-install chorus lint\n${result.stdout}`.trim()).toBe(
      block('readme-mistake-output').trim(),
    );
  });

  it('the news account on two networks plans as the README shows', async () => {
    const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    const match =
      /<!-- readme-channels-plan -->\s*```text\n\$ npx --no-install chorus ([^\n]+)\n([\s\S]*?)```/.exec(
        readme,
      );
    expect(match, 'README has the channels plan block with its command').not.toBeNull();
    const result = runCli(match![1]!.split(' '), { cwd: REPO });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(match![2]);
    // One schedule per channel: each channel's own slots (X at 15:00, Bluesky half an hour later).
    expect(result.stdout).toContain('larkspur-news@x');
    expect(result.stdout).toContain('larkspur-news@bluesky');
  });
});
