// Posts are parsed without zod's compiled ("JIT") parser at first and with it after ZOD_JIT_AFTER_POSTS
// (src/model/calendar.ts); accounts and chorus.yaml always without. Both must give the same results.
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateWorkspaceFiles } from '../../bench/generate.js';
import { accountFileSchema, postSchema } from '../../src/model/schema.js';

const both = (schema: typeof postSchema | typeof accountFileSchema, value: unknown) => {
  const jit = schema.safeParse(value, { reportInput: true, jitless: false });
  const jitless = schema.safeParse(value, { reportInput: true, jitless: true });
  expect(jit.success).toBe(jitless.success);
  if (jit.success && jitless.success) expect(jit.data).toEqual(jitless.data);
  else expect(jit.error?.issues).toEqual(jitless.error?.issues);
};

describe("zod's compiled parser and the plain one agree", () => {
  const { files } = generateWorkspaceFiles({ accounts: 3, postsPerAccount: 120, seed: 11 });
  const posts = [...files]
    .filter(([file]) => file.startsWith('content/'))
    .flatMap(([, text]) => parse(text) as unknown[]);
  const accounts = [...files].filter(([file]) => file.startsWith('accounts/')).map(([, text]) => parse(text));

  it('on valid posts and accounts', () => {
    expect(posts.length).toBeGreaterThan(300);
    for (const post of posts) both(postSchema, post);
    for (const account of accounts) both(accountFileSchema, account);
  });

  it('on broken ones: fields removed, replaced by other types, or unknown fields added', () => {
    const junk = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.object(),
    );
    const mutate = (value: unknown) =>
      fc.tuple(fc.nat(), junk, fc.constantFrom('drop', 'replace', 'add')).map(([n, replacement, how]) => {
        const copy = { ...(value as Record<string, unknown>) };
        const keys = Object.keys(copy);
        const key = keys[n % keys.length]!;
        if (how === 'drop') delete copy[key];
        else if (how === 'replace') copy[key] = replacement;
        else copy[`extra_${key}`] = replacement;
        return copy;
      });
    fc.assert(
      fc.property(
        fc.nat(posts.length - 1).chain((i) => mutate(posts[i])),
        (post) => both(postSchema, post),
      ),
      { seed: 20261122, numRuns: 1500 },
    );
    fc.assert(
      fc.property(
        fc.nat(accounts.length - 1).chain((i) => mutate(accounts[i])),
        (account) => both(accountFileSchema, account),
      ),
      { seed: 20261122, numRuns: 300 },
    );
  });
});
