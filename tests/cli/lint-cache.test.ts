import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CACHE_FILE,
  loadLintCache,
  readRecordFile,
  saveLintCache,
  writeRecordFile,
} from '../../src/workspace/lint-cache.js';
import { cacheSecret } from '../../src/workspace/cache-secret.js';
import { TEXT_CACHE_FILE } from '../../src/workspace/text-cache.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-22T08:00:00Z';
/** The key the built CLI gives its cache: the version and the build id (see lintCacheKey). */
const packageVersion = async () => {
  const version = (
    JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  const build = (await readFile(new URL('../../dist/bundle/build-id.txt', import.meta.url), 'utf8')).trim();
  return `${version}+${build}`;
};

/** A workspace with schema problems, rule problems across files and accounts, and a clean file. */
const files = {
  'accounts/a.yaml': accountYaml(),
  'accounts/b.yaml': accountYaml(),
  'content/a/1.yaml':
    '- id: p1\n  category: news\n  catgory: news\n  text: Hello\n' +
    '- id: p2\n  category: news\n  text: Our winter boots are back in every size and colour today\n  at: 2026-12-01 09:00\n',
  'content/a/2.yaml': '- id: p2\n  category: news\n  text: Same id again\n  at: 2026-12-02 09:00\n',
  'content/b/1.yaml':
    '- id: q1\n  category: news\n  text: Our winter boots are back in every size and colour today\n  at: 2026-12-03 09:00\n',
  'content/b/2.yaml': '- id: q2\n  category: blog\n  text: A clean post\n  at: 2026-12-04 10:00\n',
  'content/c/1.yaml': 'not: a list\n',
  'content/b/broken.yaml': '- id: x\n  text: "never closed\n',
};

/** The cache is sealed with a key from the environment here, so the test can read and forge it. */
const ENV = { CHORUS_CACHE_SECRET: 'lint-cache-test' };
const secretOf = () => cacheSecret(ENV).then((s) => s!);
const lint = (root: string, ...extra: string[]) =>
  runCli(['lint', '--root', root, '--now', NOW, '--format', 'json', ...extra], { env: ENV });

describe('chorus lint --cache', () => {
  it('gives exactly the cold results when warm, and writes the cache in .chorus-cache', async () => {
    const root = await makeWorkspace(files);
    const plain = lint(root);
    expect(plain.code).toBe(1);
    const problems = (JSON.parse(plain.stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) =>
      r.messages.map((m) => m.ruleId),
    );
    // The workspace really has cross-file findings for the cache to keep right.
    expect(problems).toEqual(expect.arrayContaining(['schema', 'unique-id', 'cross-account-duplicate']));
    const cold = lint(root, '--cache');
    const cache = await loadLintCache(
      path.join(root, '.chorus-cache'),
      await packageVersion(),
      await secretOf(),
    );
    expect([...cache.entries.keys()].sort()).toEqual(
      Object.keys(files)
        .filter((f) => f.startsWith('content/'))
        .sort(),
    );
    const warm = lint(root, '--cache');
    expect(cold).toEqual(plain);
    expect(warm).toEqual(plain);
    const stylish = runCli(['lint', '--root', root, '--now', NOW]);
    expect(runCli(['lint', '--root', root, '--now', NOW, '--cache'], { env: ENV })).toEqual(stylish);
  });

  it('takes unchanged files from the cache and re-reads only a changed one', async () => {
    const root = await makeWorkspace(files);
    lint(root, '--cache');
    const folder = path.join(root, '.chorus-cache');
    const version = await packageVersion();
    const cache = await loadLintCache(folder, version, await secretOf());
    // Plant a marker in the cached result of an unchanged file: it shows whether that file was parsed again.
    const entry = cache.entries.get('content/b/2.yaml')!;
    entry.calendar.problems.push({
      ruleId: 'schema',
      severity: 'error',
      file: 'content/b/2.yaml',
      line: 1,
      column: 1,
      message: 'MARKER from the cache',
    });
    await saveLintCache(folder, version, [...cache.entries.values()], await secretOf());
    await writeFile(path.join(root, 'content/a/2.yaml'), '- id: p3\n  category: news\n  text: Fixed\n');
    const result = lint(root, '--cache');
    expect(result.stdout).toContain('MARKER from the cache');
    expect(result.stdout).not.toContain('unique-id');
    const after = await loadLintCache(folder, version, await secretOf());
    expect(after.entries.get('content/a/2.yaml')!.calendar.posts.map((p) => p.id)).toEqual(['p3']);
    // Without --cache the marker is gone: the cache is never read.
    expect(lint(root).stdout).not.toContain('MARKER');
  });

  it('ignores a corrupt, foreign or other-version cache and replaces it', async () => {
    const root = await makeWorkspace(files);
    const expected = lint(root);
    const folder = path.join(root, '.chorus-cache');
    lint(root, '--cache');
    const valid = await readFile(path.join(folder, CACHE_FILE));
    const truncated = valid.subarray(0, valid.length - 10);
    for (const content of [Buffer.from('garbage \x00\x01 not a cache'), Buffer.alloc(0), truncated]) {
      await writeFile(path.join(folder, CACHE_FILE), content);
      expect(lint(root, '--cache')).toEqual(expected);
      expect((await loadLintCache(folder, await packageVersion(), await secretOf())).entries.size).toBe(6);
    }
    // A cache made by another Chorus version is not used, even though every hash matches.
    const cache = await loadLintCache(folder, await packageVersion(), await secretOf());
    for (const entry of cache.entries.values()) entry.calendar.posts = [];
    await saveLintCache(folder, '0.0.0-other', [...cache.entries.values()], await secretOf());
    expect(lint(root, '--cache')).toEqual(expected);
    // So is one made by another build of this version (e.g. after pulling main without a release).
    const [version] = (await packageVersion()).split('+');
    await saveLintCache(folder, `${version}+0123456789abcdef`, [...cache.entries.values()], await secretOf());
    expect(lint(root, '--cache')).toEqual(expected);
  });

  it('--cache-location puts the cache elsewhere', async () => {
    const root = await makeWorkspace(files);
    const elsewhere = await makeWorkspace({});
    const result = lint(root, '--cache-location', path.join(elsewhere, 'c'));
    expect(result).toEqual(lint(root));
    expect(
      (await loadLintCache(path.join(elsewhere, 'c'), await packageVersion(), await secretOf())).entries.size,
    ).toBe(6);
  });

  it('keeps the near-duplicate searches of unchanged texts, and searches again when one changes', async () => {
    const root = await makeWorkspace(files);
    const expected = lint(root);
    const duplicates = (result: { stdout: string }) =>
      (JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string }[] }[]).flatMap((r) =>
        r.messages.filter((m) => m.ruleId === 'cross-account-duplicate').map(() => r.filePath),
      );
    expect(duplicates(expected)).toEqual(['content/b/1.yaml']);
    lint(root, '--cache');
    const folder = path.join(root, '.chorus-cache');
    const records = (await readRecordFile(path.join(folder, TEXT_CACHE_FILE), await secretOf()))!;
    // Plant "no match" in every saved search result: a warm run that misses the duplicate used the cache.
    for (const record of records as { results?: [string, { matches: unknown[] }][] }[])
      for (const [, result] of Array.isArray(record.results) ? record.results : [])
        result.matches = result.matches.map(() => undefined);
    await writeRecordFile(folder, TEXT_CACHE_FILE, records, await secretOf());
    expect(duplicates(lint(root, '--cache'))).toEqual([]);
    // Another text: the search's inputs changed, so it runs again and finds the near-duplicate.
    await writeFile(
      path.join(root, 'content/b/1.yaml'),
      '- id: q1\n  category: news\n  text: Our winter boots are back in every size and colour today!\n  at: 2026-12-03 09:00\n',
    );
    expect(duplicates(lint(root, '--cache'))).toEqual(['content/b/1.yaml']);
    // A corrupt text cache is ignored.
    await writeRecordFile(
      folder,
      TEXT_CACHE_FILE,
      [{ magic: 'chorus-text-cache', format: 4 }, 'junk'],
      await secretOf(),
    );
    await writeFile(path.join(root, 'content/b/1.yaml'), files['content/b/1.yaml']);
    expect(lint(root, '--cache')).toEqual(expected);
  });

  it('a forged or restored cache costs time, never hides a problem (issue 19, finding 18)', async () => {
    const root = await makeWorkspace(files);
    const expected = lint(root);
    lint(root, '--cache');
    const folder = path.join(root, '.chorus-cache');
    const version = await packageVersion();
    const cache = await loadLintCache(folder, version, await secretOf());
    // The forger claims the file with a schema error is clean, and seals the claim with a key of their own.
    const entry = cache.entries.get('content/a/1.yaml')!;
    entry.calendar.problems = [];
    const forged = await cacheSecret({ CHORUS_CACHE_SECRET: 'the attacker does not know the key' });
    await saveLintCache(folder, version, [...cache.entries.values()], forged!);
    const warm = lint(root, '--cache');
    expect(warm).toEqual(expected);
    expect(warm.stdout).toContain('`catgory`');
    // An unsealed file in the old format (as committed to the workspace) is ignored the same way.
    await writeFile(
      path.join(folder, CACHE_FILE),
      (await readFile(path.join(folder, CACHE_FILE))).subarray(0, -32),
    );
    expect(lint(root, '--cache')).toEqual(expected);
    // Without CHORUS_CACHE_SECRET the key is a file of the user's own, outside the workspace.
    const own = runCli(['lint', '--root', root, '--now', NOW, '--format', 'json', '--cache']);
    expect(own).toEqual(expected);
  });
});
