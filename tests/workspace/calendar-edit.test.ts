import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { upsertPost } from '../../src/workspace/calendar-edit.js';

const original = `# December calendar: keep it friendly
- id: first   # the opener
  category: news
  text: 'Hello, world'

# blank line and comment above stay
- id: second
  category: blog
  text: >-
    A folded
    paragraph
`;

describe('upsertPost', () => {
  it('appends a post and keeps every existing byte', () => {
    const { text, action } = upsertPost(original, { id: 'third', category: 'news', text: 'New: post #1' });
    expect(action).toBe('added');
    expect(text.startsWith(original)).toBe(true);
    expect(parse(text)).toHaveLength(3);
    expect(parse(text)[2]).toEqual({ id: 'third', category: 'news', text: 'New: post #1' });
  });

  it('replaces a post by id and keeps the rest byte for byte', () => {
    const { text, action } = upsertPost(original, { id: 'first', category: 'news', text: 'Changed' });
    expect(action).toBe('updated');
    expect(text).toBe(
      original.replace(
        "id: first   # the opener\n  category: news\n  text: 'Hello, world'",
        'id: first\n  category: news\n  text: Changed',
      ),
    );
    expect(parse(text)[0]).toEqual({ id: 'first', category: 'news', text: 'Changed' });
  });

  it('reports unchanged posts', () => {
    expect(upsertPost(original, { id: 'second', category: 'blog', text: 'A folded paragraph' }).action).toBe(
      'unchanged',
    );
  });

  it('writes into an empty file and keeps CRLF line endings', () => {
    expect(upsertPost('', { id: 'a', category: 'news', text: 'x' }).text).toBe(
      '- id: a\n  category: news\n  text: x\n',
    );
    const crlf = '- id: a\r\n  category: news\r\n  text: x\r\n';
    const { text } = upsertPost(crlf, { id: 'b', category: 'news', text: 'y' });
    expect(text).toBe(`${crlf}- id: b\r\n  category: news\r\n  text: y\r\n`);
  });

  it('follows indented list items', () => {
    const indented = '  - id: a\n    category: news\n    text: x\n';
    const { text } = upsertPost(indented, { id: 'b', category: 'news', text: 'y' });
    expect(text).toBe(`${indented}  - id: b\n    category: news\n    text: y\n`);
    expect(parse(text)).toHaveLength(2);
  });

  it('refuses a file that is not a list', () => {
    expect(() => upsertPost('id: a\n', { id: 'b', category: 'news', text: 'y' })).toThrow(/list of posts/);
  });
});
