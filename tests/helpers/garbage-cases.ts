// Broken files of every kind, with the located problems each must produce (shared by workspace and CLI tests).
import { accountYaml } from './workspace.js';

/** A healthy account with one mistake in another file: proves that file is still linted. */
export const witness = {
  'accounts/a.yaml': accountYaml(),
  'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
  'content/b/witness.yaml': '- id: w\n  category: news\n  catgory: news\n  text: Still linted\n',
};

export interface GarbageCase {
  name: string;
  file: string;
  content: string | Uint8Array;
  /** Expected problems in `file`: line, column (when it matters) and a message pattern. */
  expected: { line: number; column?: number; message: RegExp; hint?: RegExp }[];
}

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'
    .split('')
    .map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');

export const garbageCases: GarbageCase[] = [
  {
    name: 'binary data',
    file: 'content/a/binary.yaml',
    content: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    expected: [{ line: 1, column: 1, message: /not a text file/, hint: /UTF-8/ }],
  },
  {
    name: 'an unclosed quote (pointed at where it opens)',
    file: 'content/a/quote.yaml',
    content:
      '- id: p\n  category: news\n  text: "unclosed\n  at: 2026-12-01\n- id: q\n  category: news\n  text: x\n',
    expected: [{ line: 3, column: 9, message: /quoted text is never closed/, hint: /closing quote/ }],
  },
  {
    name: 'bad indentation',
    file: 'content/a/indent.yaml',
    content: '- id: p\n   category: news\n  text: x\n',
    expected: [{ line: 1, message: /YAML syntax error/, hint: /.+/ }],
  },
  {
    name: 'tab indentation',
    file: 'content/a/tab.yaml',
    content: '- id: p\n  category: news\n\ttext: tab\n',
    expected: [{ line: 3, column: 2, message: /indented with a tab/, hint: /spaces, not tabs/ }],
  },
  {
    name: 'a duplicate key',
    file: 'content/a/dup.yaml',
    content: '- id: p\n  category: news\n  category: blog\n  text: x\n',
    expected: [{ line: 3, column: 3, message: /unique/, hint: /once per mapping/ }],
  },
  {
    name: 'an alias bomb (billion laughs)',
    file: 'content/a/bomb.yaml',
    content: billionLaughs,
    expected: [{ line: 1, message: /could not be expanded/, hint: /aliases/ }],
  },
  {
    name: 'wrong types in a post',
    file: 'content/a/types.yaml',
    content:
      '- id: p\n  category: [a]\n  text: 12\n  at: true\n  thread: "string"\n  media: 5\n  expires: {}\n',
    expected: [
      { line: 2, column: 13, message: /`category`: a category is one word: news, deals, blog, community/ },
      { line: 3, column: 9, message: /`text` should be a string, not a number/ },
      { line: 4, column: 7, message: /`at`: write a date as "YYYY-MM-DD"/ },
      { line: 5, column: 11, message: /`thread` should be a list, not a string/ },
      { line: 6, column: 10, message: /`media` should be a list, not a number/ },
      { line: 7, column: 12, message: /`expires`: write a date/ },
    ],
  },
  {
    name: 'null values',
    file: 'content/a/nulls.yaml',
    content: '- id: p\n  category: news\n  text:\n  link: null\n',
    expected: [
      { line: 3, column: 8, message: /`text` should be a string, not null/ },
      { line: 4, column: 9, message: /`link` should be a string, not null/ },
    ],
  },
  {
    name: 'a post that is not a mapping',
    file: 'content/a/scalar-post.yaml',
    content: '- just some text\n',
    expected: [{ line: 1, column: 3, message: /should be a mapping/ }],
  },
  {
    name: 'an account file that is a list',
    file: 'accounts/listy.yaml',
    content: '- platform: x\n- handle: "@a"\n',
    expected: [
      { line: 1, column: 1, message: /account file is a mapping.*holds a list/, hint: /left margin/ },
    ],
  },
  {
    name: 'an account file that is one word',
    file: 'accounts/word.yaml',
    content: 'hello\n',
    expected: [{ line: 1, column: 1, message: /holds a single string value/ }],
  },
  {
    name: 'an empty account file',
    file: 'accounts/empty.yaml',
    content: '',
    expected: [
      { line: 1, message: /`platform` is required/ },
      { line: 1, message: /`handle` is required/ },
      { line: 1, message: /`timezone` is required/ },
      { line: 1, message: /`language` is required/ },
      { line: 1, message: /`owner` is required/ },
    ],
  },
  {
    name: 'a calendar that is a mapping',
    file: 'content/a/mapping.yaml',
    content: 'id: p\ncategory: news\ntext: x\n',
    expected: [{ line: 1, column: 1, message: /list of posts.*a mapping/, hint: /- id:/ }],
  },
  {
    name: 'a BOM and CRLF line endings (positions still right)',
    file: 'content/a/bom.yaml',
    content: bytes([0xef, 0xbb, 0xbf], '- id: p\r\n  category: news\r\n  text: x\r\n  catgory: blog\r\n'),
    expected: [{ line: 4, column: 3, message: /`catgory` is not a post field; did you mean `category`\?/ }],
  },
  {
    name: 'an impossible date',
    file: 'content/a/date.yaml',
    content: '- id: p\n  category: news\n  text: x\n  at: 2026-02-30\n',
    expected: [{ line: 4, column: 7, message: /2026-02 has no day 30/ }],
  },
  {
    name: 'a time that does not exist (spring forward)',
    file: 'content/a/dst.yaml',
    content: '- id: p\n  category: news\n  text: x\n  at: 2027-03-28 02:30\n',
    expected: [
      { line: 4, column: 3, message: /does not exist in Europe\/Berlin/, hint: /outside the skipped hour/ },
    ],
  },
  {
    name: 'an invalid language tag on a post',
    file: 'content/a/lang.yaml',
    content: '- id: p\n  category: news\n  text: x\n  lang: english language\n',
    expected: [{ line: 4, column: 9, message: /not a BCP 47 language tag/ }],
  },
  {
    name: 'an invalid time zone and language in an account',
    file: 'accounts/zone.yaml',
    content: accountYaml('', { timezone: 'Mars/Olympus_Mons', language: 'english please' }),
    expected: [
      { line: 3, column: 11, message: /not an IANA time zone/ },
      { line: 4, column: 11, message: /not a BCP 47 language tag/ },
    ],
  },
  {
    name: 'bytes that are not UTF-8',
    file: 'content/a/latin1.yaml',
    content: bytes('- id: p\n  category: news\n  text: caf', [0xe9], '\n'),
    expected: [{ line: 3, column: 12, message: /not valid UTF-8/, hint: /UTF-8/ }],
  },
  {
    name: 'deeply nested flow collections',
    file: 'content/a/deep.yaml',
    content: `- id: p\n  category: news\n  text: x\n  thread: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    expected: [{ line: 4, message: /nested too deeply/, hint: /flat posts/ }],
  },
  {
    name: 'several documents in one file',
    file: 'content/a/multi.yaml',
    content: '- id: p\n  category: news\n  text: x\n---\n- id: q\n',
    expected: [{ line: 4, message: /YAML syntax error/ }],
  },
];
