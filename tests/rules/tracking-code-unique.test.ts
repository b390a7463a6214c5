import { describe, expect, it } from 'vitest';
import { validateWorkspace } from '../../src/model/validate.js';
import trackingCodeUnique, { findCodeCollisions } from '../../src/rules/tracking-code-unique.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const post = (id: string) => `- id: ${id}\n  category: news\n  text: Text of ${id}\n`;

testRule(trackingCodeUnique, {
  valid: [
    {
      name: 'distinct posts',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('one') + post('two') },
    },
    {
      name: 'the same post id on two accounts has two codes',
      files: {
        'accounts/a.yaml': accountYaml(),
        'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
        'content/a/c.yaml': post('one'),
        'content/b/c.yaml': post('one'),
      },
    },
    {
      name: 'a repeated id is left to unique-id',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('one') + post('one') },
    },
  ],
  // A real 60-bit collision cannot be written down; the detection itself is table-tested below.
  invalid: [],
});

describe('findCodeCollisions', () => {
  const posts = (files: Record<string, string>) =>
    validateWorkspace(rawWorkspaceFromFiles(files)).workspace.posts;
  const ws = posts({
    'accounts/a.yaml': accountYaml(),
    'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
    'content/a/c.yaml': post('alpha') + post('beta') + post('apple'),
    'content/b/c.yaml': post('avocado') + post('beta'),
  });
  // A deliberately weak code (first letter of the id) makes collisions easy to construct.
  const firstLetter = (_account: string, id: string) => id[0]!;

  it.each([
    [
      'every later post sharing a code with an earlier one',
      ws,
      ['a/apple~a/alpha', 'b/avocado~a/alpha', 'b/beta~a/beta'],
    ],
    ['nothing for distinct codes', ws.slice(0, 2), []],
    ['nothing for the same account and id twice', [ws[0]!, ws[0]!], []],
  ])('%s', (_name, list, expected) => {
    const found = findCodeCollisions(list, firstLetter).map(
      (c) => `${c.post.account}/${c.post.id}~${c.first.account}/${c.first.id}`,
    );
    expect(found).toEqual(expected);
  });

  it('finds none with the real codes', () => {
    expect(findCodeCollisions(ws)).toEqual([]);
  });
});
