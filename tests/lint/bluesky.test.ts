// Lint for a Bluesky account through the built CLI: max-length counts graphemes of the text as posted (a
// tracked link counts as shown), 300 pass and 301 fail whatever the script; images need alt text and at most
// four go on a post; link-limit and hashtag-limit count the facets Bluesky's library finds.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-20T09:00:00Z';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const account = [
  'platform: bluesky',
  'handle: acme.bsky.social',
  'timezone: Europe/Berlin',
  'language: en',
  'owner: ana',
  'team: [ben]',
].join('\n');

interface Finding {
  ruleId: string;
  postId?: string;
  line: number;
  message: string;
}

async function lint(posts: string): Promise<Finding[]> {
  const root = await makeWorkspace({
    'chorus.yaml': 'limits:\n  max_links: 1\n  max_hashtags: 2\ntracking:\n  domains: [acme.example]\n',
    'accounts/acme-sky.yaml': account,
    'content/acme-sky/posts.yaml': posts,
    'media/a.png': PNG,
  });
  const result = runCli(['lint', '--root', root, '--format', 'json', '--now', NOW]);
  expect(result.stderr).toBe('');
  const files = JSON.parse(result.stdout) as { messages: Finding[] }[];
  return files.flatMap((file) => file.messages);
}

const post = (id: string, text: string, extra = '') =>
  `- id: ${id}\n  category: news\n  text: ${JSON.stringify(text)}\n  at: "2026-12-0${(id.length % 9) + 1}T10:00:00Z"\n${extra}`;

describe('lint for Bluesky', () => {
  it.each([
    ['emoji', '😀'],
    ['CJK', '字'],
    ['combining marks', 'e\u0301'],
  ])('max-length: 300 graphemes of %s pass, 301 fail', async (_name, unit) => {
    const findings = await lint(`${post('fits', unit.repeat(300))}\n${post('over', unit.repeat(301))}`);
    const length = findings.filter((f) => f.ruleId === 'max-length');
    expect(length).toHaveLength(1);
    expect(length[0]!.line).toBe(8);
    expect(length[0]!.message).toMatch(/301/);
  });

  it('a long tracked URL counts as shown, not as written', async () => {
    const text = `${'a'.repeat(270)} https://acme.example/a`; // 271 + "acme.example/a…" = 286 graphemes as shown
    const findings = await lint(post('long-link', text));
    expect(findings.filter((f) => f.ruleId === 'max-length')).toEqual([]);
  });

  it('an image needs alt text, and at most four images go on a post', async () => {
    const five = Array.from({ length: 5 }, () => '    - file: media/a.png\n      alt: "A dot"').join('\n');
    const findings = await lint(
      `${post('no-alt', 'An image', '  media:\n    - file: media/a.png\n')}\n${post('five', 'Five images', `  media:\n${five}\n`)}`,
    );
    expect(findings.map((f) => [f.postId, f.line, f.message])).toEqual([
      ['no-alt', 6, expect.stringMatching(/`alt` is required/)],
      ['five', 13, expect.stringMatching(/at most 4 images/)],
    ]);
  });

  it('link-limit and hashtag-limit count what Bluesky detects (a bare domain is a link, a cashtag no hashtag)', async () => {
    const findings = await lint(
      `${post('links', 'Two links: acme.com and https://acme.example/x')}\n${post('tags', 'Tags #one #two $ACME')}`,
    );
    expect(findings.filter((f) => f.ruleId === 'link-limit').map((f) => f.line)).toEqual([3]);
    expect(findings.filter((f) => f.ruleId === 'hashtag-limit')).toEqual([]);
  });
});
