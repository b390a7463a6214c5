import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { validateWorkspace } from '../../src/model/validate.js';
import maxLength from '../../src/rules/max-length.js';
import { trackingCode } from '../../src/tracking/code.js';
import { renderPost } from '../../src/tracking/render.js';
import { xText } from '../../src/platforms/x/text.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

function render(accountExtra: string, post: string, instant?: Date) {
  const { workspace, problems } = validateWorkspace(
    rawWorkspaceFromFiles({ 'accounts/a.yaml': accountYaml(accountExtra), 'content/a/c.yaml': post }),
  );
  expect(problems).toEqual([]);
  return renderPost(workspace.posts[0]!, workspace.accounts.get('a')!, instant, xText);
}

const code = trackingCode('a', 'p');
const deal = (extra = '') =>
  `- id: p\n  category: deals\n  text: Shoes -30% at https://blog.other.org/review\n  link: https://shop.example.com/s?ref=x#top\n${extra}`;

describe('renderPost', () => {
  it('tracks the post link with the UTM defaults and no configuration, leaving third-party links alone', () => {
    const rendered = render('', deal());
    expect(rendered.parts[0]!.text).toBe(
      `Shoes -30% at https://blog.other.org/review https://shop.example.com/s?ref=x&utm_source=x&utm_medium=social&utm_campaign=a&utm_content=${code}#top`,
    );
    expect(rendered.trackingCode).toBe(code);
    expect(rendered.trackedLinks).toHaveLength(1);
  });

  it('tracks URLs in text and thread parts on tracked domains (subdomains too), not others', () => {
    const rendered = render(
      'tracking:\n  domains: [example.com]\n  params: {cid: "{code}"}',
      `- id: p\n  category: news\n  text: See https://www.example.com/a, and https://other.org/b.\n  thread:\n    - More at https://shop.example.com/c?cid=mine\n    - And https://example.com/d\n`,
    );
    expect(rendered.parts.map((p) => p.text)).toEqual([
      `See https://www.example.com/a?cid=${code}, and https://other.org/b.`,
      'More at https://shop.example.com/c?cid=mine',
      `And https://example.com/d?cid=${code}`,
    ]);
    expect(rendered.trackedLinks).toEqual([
      `https://www.example.com/a?cid=${code}`,
      'https://shop.example.com/c?cid=mine',
      `https://example.com/d?cid=${code}`,
    ]);
  });

  it('with tracking.domains set, a link on another domain gets no code', () => {
    const rendered = render('tracking:\n  domains: [shop.example.net]', deal());
    expect(rendered.parts[0]!.text).not.toContain('utm_');
    expect(rendered.trackingCode).toBeUndefined();
  });

  it('leaves posts alone when tracking is off or their category is not tracked', () => {
    expect(render('tracking:\n  enabled: false', deal()).parts[0]!.text).not.toContain('utm_');
    expect(render('tracking:\n  categories: [news]', deal()).parts[0]!.text).not.toContain('utm_');
  });

  it('expands {date} to the local date of the instant, or the written date, or leaves the parameter out', () => {
    const params = 'tracking:\n  params: {d: "{date}", k: "{category}-{id}-{platform}"}';
    // 23:30 UTC on the 22nd is already the 23rd in Berlin.
    expect(render(params, deal(), new Date('2026-11-22T23:30:00Z')).parts[0]!.text).toContain(
      '?ref=x&d=2026-11-23&k=deals-p-x#top',
    );
    expect(render(params, deal('  at: 2026-12-01\n')).parts[0]!.text).toContain(
      '?ref=x&d=2026-12-01&k=deals-p-x#top',
    );
    expect(render(params, deal()).parts[0]!.text).toContain('?ref=x&k=deals-p-x#top');
  });

  it('is idempotent: rendering a text that already has tracked links changes nothing', () => {
    const first = render('', deal()).parts[0]!.text;
    const again = render('', `- id: p\n  category: deals\n  text: "${first}"\n`);
    expect(again.parts[0]!.text).toBe(first);
  });

  it('takes the post link whole even when it ends like prose punctuation', () => {
    const rendered = render(
      'tracking:\n  params: {c: "{code}"}',
      '- id: p\n  category: deals\n  text: Winter boots (new)\n  link: https://shop.example.com/wiki/Boots_(winter)\n',
    );
    expect(rendered.parts[0]!.text).toBe(
      `Winter boots (new) https://shop.example.com/wiki/Boots_(winter)?c=${code}`,
    );
  });

  it('is idempotent on any text: rendering the rendered text again changes nothing (property)', () => {
    const { workspace } = validateWorkspace(
      rawWorkspaceFromFiles({
        'accounts/a.yaml': accountYaml('tracking:\n  domains: [example.com]'),
        'content/a/c.yaml': '- id: p\n  category: news\n  text: placeholder\n',
      }),
    );
    const account = workspace.accounts.get('a')!;
    const base = workspace.posts[0]!;
    const url = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.webPath().map((p) => `https://shop.example.com${p}`),
    );
    const word = fc.oneof(
      url,
      fc.constantFrom('Deal', 'see', '(now)', 'mailto:x@example.com', '–', 'ftp://example.com/f'),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        const once = renderPost({ ...base, text: words.join(' ') }, account, undefined, xText).parts[0]!.text;
        const twice = renderPost({ ...base, text: once }, account, undefined, xText).parts[0]!.text;
        expect(twice).toBe(once);
        for (const w of words) if (!/^https?:/.test(w)) expect(once).toContain(w);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('max-length counts every tracked URL as 23, as X does', () => {
    const text = 'x'.repeat(256); // 256 + space + 23 = 280: fits however long the tracked URL is
    const files = (body: string) => ({
      'accounts/a.yaml': accountYaml(),
      'content/a/c.yaml': `- id: p\n  category: deals\n  text: ${body}\n  link: https://shop.example.com/a/very/long/path/to/a/product?colour=blue\n`,
    });
    const lint = (body: string) =>
      analyseWorkspace(rawWorkspaceFromFiles(files(body)), {
        now: new Date('2026-11-22T08:00:00Z'),
        rules: [maxLength],
      });
    const ok = lint(text);
    expect(ok.timeline.entries[0]!.rendered.parts[0]!.text.length).toBeGreaterThan(300);
    expect(ok.problems).toEqual([]);
    expect(lint(`${text}x`).problems.map((p) => p.messageId)).toEqual(['tooLong']);
  });
});

describe('tracking settings in account files', () => {
  it('reports an unknown placeholder at its line, as a schema problem', () => {
    const { problems } = validateWorkspace(
      rawWorkspaceFromFiles({
        'accounts/a.yaml': accountYaml(
          'tracking:\n  params:\n    utm_source: x\n    utm_campaign: "{acount}"\ntemplates:\n  deal: "{title} {prize}"',
        ),
      }),
    );
    expect(problems.map((p) => [p.ruleId, p.line, p.message])).toEqual([
      ['schema', 10, expect.stringContaining('unknown placeholder {acount}')],
      ['schema', 12, expect.stringContaining('unknown placeholder {prize}')],
    ]);
  });
});
