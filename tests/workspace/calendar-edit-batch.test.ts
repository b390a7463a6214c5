import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PostFields, upsertPost, upsertPosts } from '../../src/workspace/calendar-edit.js';

const calendars = [
  '',
  '# empty calendar\n',
  '- id: a\n  category: news\n  text: A # keep\n\n# comment\n- id: b\n  category: blog\n  text: >-\n    B\n',
  '  - id: a\n    category: news\n    text: Indented list\n',
  '-   id: a\n    category: news\n    text: Wide offset\r\n-   id: c\r\n    category: news\r\n    text: C\r\n',
];

describe('upsertPosts', () => {
  it('gives the same text and actions as upsertPost applied one by one', () => {
    const fields = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      category: fc.constantFrom('news', 'blog'),
      text: fc.constantFrom('A', 'B', 'Changed', 'New: #1', "It's"),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        fc.uniqueArray(fields, { selector: (f) => f.id, maxLength: 5 }),
        (calendar, list: PostFields[]) => {
          let text = calendar;
          const actions = list.map((f) => {
            const result = upsertPost(text, f);
            text = result.text;
            return result.action;
          });
          expect(upsertPosts(calendar, list)).toEqual({ text, actions });
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  it('is linear: 2,000 posts in one pass', () => {
    const list = Array.from({ length: 2000 }, (_, i) => ({
      id: `p${i}`,
      category: 'news',
      text: `Post ${i}`,
    }));
    const added = upsertPosts('', list);
    expect(added.actions.every((a) => a === 'added')).toBe(true);
    const again = upsertPosts(added.text, list);
    expect(again.text).toBe(added.text);
    expect(again.actions.every((a) => a === 'unchanged')).toBe(true);
  });

  it('refuses repeated ids and flow lists', () => {
    expect(() => upsertPosts('', [{ id: 'a' }, { id: 'a' }])).toThrow(/distinct/);
    expect(() => upsertPosts('[]', [{ id: 'a' }])).toThrow(/flow list/);
  });
});
