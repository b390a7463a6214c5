// Input generators for the fuzz tests: valid seed files, mutations of them, YAML-flavoured noise, wrong-typed values.
import fc from 'fast-check';
import type { Problem } from '../../src/model/types.js';

/** A valid account file using most fields. */
export const VALID_ACCOUNT = `# The main brand account
platform: x
handle: "@acme"
name: Acme
timezone: Europe/Berlin
language: en
categories: [news, deals, blog, community]
owner: ana
team: [ben, chloe]
slots:
  weekdays: ["09:00", "12:30", "17:00"]
  sat: ["10:00"]
limits:
  min_gap_minutes: 90
  max_hashtags: 2
  quiet_hours: { start: "22:00", end: "07:00" }
rules:
  max-length: { max: 270 }
  unique-id: warn
tracking:
  domains: [shop.acme.example]
  params: { utm_source: "{platform}", utm_content: "{code}" }
`;

/** A valid calendar using every post field and several YAML styles. */
export const VALID_CALENDAR = `# December
- id: winter-hours
  category: news
  text: Our stores open late on Thursdays through December.
  at: 2026-12-03 09:00

- id: "2026-sale"
  category: deals
  text: "20% off every kettle until Sunday: #deals"
  at: 2026-12-04T12:30:00+01:00
  link: https://shop.acme.example/kettles?ref=x
  expires: 2026-12-06
  approved_by: ben
- id: 42
  category: blog
  text: |-
    How we repair headphones.
    Part one of three 🎧
  thread:
    - Part two – the tools.
    - 第三部：コツ
  link: https://blog.acme.example/repair
  media:
    - { file: media/a.jpg, alt: "A pair of headphones on a bench" }
  author: chloe
  lang: en-GB
- {id: queued-1, category: community, text: "Thanks @ifixit! https://ifixit.com/x"}
`;

/** A valid chorus.yaml. */
export const VALID_CONFIG = `limits:
  max_posts_per_day: 4
rules:
  min-gap: { minutes: 30, severity: warn }
tracking:
  categories: [deals]
planning:
  horizon_days: 120
`;

/** Characters and tokens that matter to YAML, chosen often so the noise reaches deep into the parser. */
const YAML_TOKENS = [
  '-',
  ' ',
  '  ',
  ':',
  ': ',
  '\n',
  '\n  ',
  '\n- ',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '|',
  '|-',
  '>',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '? ',
  '@',
  '`',
  '\t',
  '\r\n',
  '\\',
  '~',
  'null',
  'true',
  '0x1F',
  '1e999',
  '-.inf',
  '.nan',
  'id',
  'text',
  'category',
  'at',
  'link',
  'thread',
  'expires',
  'news',
  'deals',
  '2026-12-01',
  '2026-12-01 09:00',
  '2026-03-29 02:30',
  'https://x.example/a',
  'é',
  '日本',
  '🎉',
  '\u0000',
  '\uFEFF',
  '\u202E',
  '\uD800',
  '<<: *a',
  'a',
];

/** Strings made of YAML tokens: mostly broken YAML, sometimes valid in surprising ways. */
export const yamlishText = fc
  .array(fc.constantFrom(...YAML_TOKENS), { maxLength: 60 })
  .map((t) => t.join(''));

/** Any unicode text, including lone surrogates and control characters. */
export const anyText = fc.string({ unit: 'binary', maxLength: 200 });

/** Values of every JSON/YAML type, to put where the schema expects something else. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, Number.NaN, '', ' ', 'x'.repeat(300)),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), {
    maxKeys: 3,
  }),
  fc.constantFrom(
    '2026-13-01',
    '2026-02-29',
    '2026-03-29 02:30',
    '9999-12-31',
    '0000-01-01 00:00',
    '2026-12-01T25:00',
    '2026-12-01T09:00+15:00',
    'Mars/Olympus',
    'UTC',
    'https://',
    'ftp://x.example',
    'javascript:alert(1)',
    '#Acme',
  ),
);

/** One edit of a text, applied at positions chosen relative to its length. */
type Mutation = (text: string) => string;

const lineMutation = (f: (lines: string[], i: number, j: number) => void) =>
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (text) => {
    const lines = text.split('\n');
    f(lines, a % lines.length, b % lines.length);
    return lines.join('\n');
  });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  lineMutation((lines, i) => void lines.splice(i, 1)),
  lineMutation((lines, i) => void lines.splice(i, 0, lines[i] ?? '')),
  lineMutation((lines, i, j) => {
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
  }),
  fc
    .tuple(fc.nat(), fc.constantFrom('', ' ', '  ', '    ', '\t', '- '))
    .map(([a, indent]): Mutation => (text) => {
      const lines = text.split('\n');
      const i = a % lines.length;
      lines[i] = indent + (lines[i] ?? '').trimStart();
      return lines.join('\n');
    }),
  fc
    .tuple(fc.nat(), fc.oneof(anyText, fc.constantFrom(...YAML_TOKENS)))
    .map(([a, insert]): Mutation => (text) => {
      const at = a % (text.length + 1);
      return text.slice(0, at) + insert + text.slice(at);
    }),
  fc.tuple(fc.nat(), fc.nat({ max: 20 })).map(([a, n]): Mutation => (text) => {
    const at = a % (text.length + 1);
    return text.slice(0, at) + text.slice(at + n);
  }),
  // Replace a value with one of another type, keeping the key: `at: 2026-12-03` → `at: [1, 2]`.
  fc.tuple(fc.nat(), wrongValue).map(([a, value]): Mutation => (text) => {
    const lines = text.split('\n');
    const keyed = lines.map((line, i) => [line, i] as const).filter(([line]) => /^\s*-?\s*\w+:/.test(line));
    if (keyed.length === 0) return text;
    const [line, i] = keyed[a % keyed.length]!;
    const key = line.slice(0, line.indexOf(':') + 1);
    lines[i] = `${key} ${JSON.stringify(value) ?? 'null'}`;
    return lines.join('\n');
  }),
);

/** `base` with one to six random edits (line deletes, duplicates, swaps, indentation, injected unicode, retyped values). */
export function mutated(base: string): fc.Arbitrary<string> {
  return fc
    .array(mutation, { minLength: 1, maxLength: 6 })
    .map((edits) => edits.reduce((text, edit) => edit(text), base));
}

/** Every problem is located and explained: what the user would see must make sense. (Plain checks, not
 * `expect`, because this runs for every problem of thousands of cases.) */
export function expectWellFormed(problems: readonly Problem[]): void {
  for (const problem of problems) {
    const located =
      typeof problem.file === 'string' &&
      problem.file.length > 0 &&
      Number.isInteger(problem.line) &&
      problem.line >= 1 &&
      Number.isInteger(problem.column) &&
      problem.column >= 1;
    const explained =
      (problem.severity === 'error' || problem.severity === 'warn') &&
      typeof problem.message === 'string' &&
      problem.message.length > 0;
    if (!located || !explained) throw new Error(`malformed problem: ${JSON.stringify(problem)}`);
  }
}
