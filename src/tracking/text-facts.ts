// Facts about a text that depend on the text alone: X's weighted length and the hashtags, mentions and
// links twitter-text finds in it. They cost tens of µs per text, and rendering and several rules ask
// about the same texts, so each is computed once per text and remembered here. Pure: a memo, no I/O.
// The lint cache (src/workspace/text-cache.ts) saves the facts of a run's texts and brings them back
// on the next run, so an unchanged post costs no twitter-text call at all.

/** One kind of entity found in a text: the names (without # or @) or URLs, and where each is. */
export interface Found {
  values: string[];
  ranges: [number, number][];
}

/** What is known about one text; each fact is filled in on first use. */
export interface TextFacts {
  weightedLength?: number;
  hashtags?: Found;
  mentions?: Found;
  urls?: Found;
}

/**
 * Beyond this many texts the memo starts again (a long-lived process, such as a test runner, must not
 * grow without bound); well above the texts of the largest workspace Chorus is measured on (200,000 posts).
 */
const MEMO_LIMIT = 1_000_000;
const memo = new Map<string, TextFacts>();
let computed = 0;

/** The facts remembered for `text` (an empty record on first use, which callers fill in). */
function factsOf(text: string): TextFacts {
  let facts = memo.get(text);
  if (!facts) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    facts = {};
    memo.set(text, facts);
  }
  return facts;
}

/** Fill in one fact of `text` on first use. */
export function fact<K extends keyof TextFacts>(
  text: string,
  kind: K,
  compute: () => NonNullable<TextFacts[K]>,
): NonNullable<TextFacts[K]> {
  const facts = factsOf(text);
  let value = facts[kind];
  if (value === undefined) {
    value = compute();
    facts[kind] = value;
    computed++;
  }
  return value as NonNullable<TextFacts[K]>;
}

/** How many facts have been computed (not remembered) in this process: 0 means nothing new to save. */
export function factsComputed(): number {
  return computed;
}

/** The facts remembered for `text`, if any (to save). */
export function knownTextFacts(text: string): TextFacts | undefined {
  const facts = memo.get(text);
  return facts && Object.keys(facts).length > 0 ? facts : undefined;
}

/** Remember facts saved by an earlier run (they are the same for the same text and version). */
export function importTextFacts(entries: Iterable<[string, TextFacts]>): void {
  for (const [text, facts] of entries) {
    if (memo.size >= MEMO_LIMIT) return;
    if (!memo.has(text)) memo.set(text, facts);
  }
}
