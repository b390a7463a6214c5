// The `chorus add` examples of docs/commands.md and of `chorus add --help` run as written, so they cannot drift.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const DOCS = path.resolve(import.meta.dirname, '../../docs/commands.md');
const NOW = '2026-11-30T10:00:00Z';

/** Split a command line the way a POSIX shell does for these examples: spaces, and double-quoted words. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** `chorus add …` commands of the examples block in the `## chorus add` section (continuation lines joined). */
async function docsExamples(): Promise<string[]> {
  const text = await readFile(DOCS, 'utf8');
  const section = text.slice(
    text.indexOf('## chorus add'),
    text.indexOf('\n## ', text.indexOf('## chorus add') + 1),
  );
  const examples = section.slice(section.indexOf('Examples'));
  const block = /```\n([\s\S]*?)```/.exec(examples)![1]!;
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .filter((line) => line.startsWith('chorus add '));
}

function helpExamples(): string[] {
  const help = runCli(['add', '--help']).stdout;
  return help
    .slice(help.indexOf('Examples:'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('chorus add '));
}

/** The accounts the examples name: a news account and a deals account whose team includes ben and maya. */
const workspace = () =>
  makeWorkspace({
    'accounts/acme-news.yaml': accountYaml(
      'categories: [news, blog]\nslots:\n  weekdays: ["09:00", "12:30", "17:00"]',
      { handle: 'acmenews', owner: 'maya' },
    ),
    'accounts/acme-outlet.yaml': accountYaml(
      [
        'categories: [deals, news]',
        'team: [ben, maya]',
        'tracking:\n  domains: [shop.example.com]',
        'slots:\n  daily: ["09:00", "13:00", "17:00"]',
        'limits:\n  promo_share: 1',
      ].join('\n'),
      { handle: 'acmeoutlet', owner: 'ana' },
    ).replace('team: [ben, chloe]\n', ''),
    'media/boots.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  });

describe('chorus add examples', () => {
  it('docs/commands.md and --help show the same examples, including the deal with media', async () => {
    const docs = await docsExamples();
    expect(docs.length).toBeGreaterThanOrEqual(3);
    expect(helpExamples()).toEqual(docs);
    expect(
      docs.some((line) => / --media .* --alt .* --approved-by | --approved-by .* --media /.test(line)),
    ).toBe(true);
  });

  it('every documented example runs on a workspace with those accounts (exit 0, no problems)', async () => {
    for (const line of await docsExamples()) {
      const root = await workspace();
      const result = runCli([...words(line).slice(1), '--root', root, '--now', NOW]);
      expect(result.stderr, line).toBe('');
      expect(result.code, line).toBe(0);
      expect(result.stdout, line).toMatch(/^(Added|Would add) /);
      if (!line.includes('--dry-run'))
        expect(runCli(['lint', '--root', root, '--now', NOW]).code, line).toBe(0);
    }
  });
});
