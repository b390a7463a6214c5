// The bench's workspace generator: deterministic, the promised size, and clean under the current rules.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_NOW, generateWorkspace, generateWorkspaceFiles } from '../../bench/generate.js';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { readWorkspace } from '../../src/workspace/read.js';
import { makeWorkspace } from '../helpers/workspace.js';

describe('bench/generate.js', () => {
  it('gives the same files for the same seed and different ones for another seed', () => {
    const a = generateWorkspaceFiles({ accounts: 3, postsPerAccount: 50, seed: 7 });
    const b = generateWorkspaceFiles({ accounts: 3, postsPerAccount: 50, seed: 7 });
    const c = generateWorkspaceFiles({ accounts: 3, postsPerAccount: 50, seed: 8 });
    expect([...a.files]).toEqual([...b.files]);
    expect([...a.files]).not.toEqual([...c.files]);
  });

  it('writes the requested accounts and posts, one calendar file per account per month', async () => {
    const root = await makeWorkspace({});
    const generated = await generateWorkspace(root, { accounts: 4, postsPerAccount: 120, seed: 3 });
    expect(generated.posts).toBe(480);
    const raw = await readWorkspace(root);
    expect(raw.accounts).toHaveLength(4);
    const months = new Set(raw.calendars.map((c) => path.basename(c.file)));
    expect(months.size).toBe(12);
    expect(raw.calendars.every((c) => c.problems.length === 0)).toBe(true);
    const outcome = analyseWorkspace(raw, { now: new Date(GENERATED_NOW) });
    expect(outcome.workspace.posts).toHaveLength(480);
    const text = await readFile(path.join(root, raw.calendars[0]!.file), 'utf8');
    expect(text).toMatch(/^# /);
  });

  it('produces realistic content that lints with few or no problems, at every density', () => {
    for (const postsPerAccount of [20, 300, 1500]) {
      const { files, posts } = generateWorkspaceFiles({ accounts: 3, postsPerAccount, seed: 11 });
      const outcome = analyseWorkspace(rawWorkspaceFromFiles(Object.fromEntries(files)), {
        now: new Date(GENERATED_NOW),
      });
      expect(outcome.problems.filter((p) => p.ruleId === 'schema')).toEqual([]);
      // Template texts at 1,500 posts per account repeat a little (duplicate rules): at most 2%.
      expect(outcome.problems.length).toBeLessThanOrEqual(posts / 50);
      const all = outcome.workspace.posts;
      expect(all).toHaveLength(posts);
      // The mix the bench promises: queued posts, threads, deals with expiry and approval, links, other languages.
      expect(all.some((p) => p.at === undefined)).toBe(true);
      expect(all.some((p) => p.thread.length > 0)).toBe(true);
      expect(all.some((p) => p.category === 'deals' && p.expires && p.approvedBy)).toBe(true);
      expect(all.some((p) => p.link?.startsWith('https://shop.acme.example.com/'))).toBe(true);
      expect(all.some((p) => p.lang !== undefined)).toBe(true);
      expect(all.some((p) => /[\u3040-\u30ff]/.test(p.text))).toBe(true);
      expect(all.some((p) => /#\p{L}/u.test(p.text) && /@\w/.test(p.text))).toBe(true);
    }
  });
});
