// Facts about a text that depend on the text alone: X's weighted length and the hashtags, mentions and
// links twitter-text finds in it. They cost tens of µs per text, and rendering and several rules ask about
// the same texts, so one pipeline run remembers each in its TextFactsMemo (part of the run's RunCache).
// The run hands its memo in with `withTextFacts` around its synchronous analysis; outside a run (plan
// formatting, publish) `fact` computes afresh. Nothing is kept between runs.

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

/** The facts one run has learnt, by text; the lint cache can save and restore them (text-cache.ts). */
export class TextFactsMemo {
  readonly #facts = new Map<string, TextFacts>();
  #computed = 0;

  /** Fill in one fact of `text` on first use. */
  fact<K extends keyof TextFacts>(
    text: string,
    kind: K,
    compute: () => NonNullable<TextFacts[K]>,
  ): NonNullable<TextFacts[K]> {
    let facts = this.#facts.get(text);
    if (!facts) {
      facts = {};
      this.#facts.set(text, facts);
    }
    let value = facts[kind];
    if (value === undefined) {
      value = compute();
      facts[kind] = value;
      this.#computed++;
    }
    return value as NonNullable<TextFacts[K]>;
  }

  /** How many facts were computed (not remembered): 0 means nothing new to save. */
  get computed(): number {
    return this.#computed;
  }

  /** The facts known for `text`, if any (to save). */
  known(text: string): TextFacts | undefined {
    const facts = this.#facts.get(text);
    return facts && Object.keys(facts).length > 0 ? facts : undefined;
  }

  /** Remember facts saved by an earlier run (they are the same for the same text and version). */
  import(entries: Iterable<[string, TextFacts]>): void {
    for (const [text, facts] of entries) if (!this.#facts.has(text)) this.#facts.set(text, facts);
  }
}

/** The memo of the run in progress (set only while `withTextFacts` runs its synchronous callback). */
let current: TextFactsMemo | undefined;

/**
 * Run `analysis` (synchronous: no other run can interleave) with `memo` answering {@link fact}; the
 * previous memo (normally none) is back afterwards, so nothing outlives the call.
 */
export function withTextFacts<T>(memo: TextFactsMemo, analysis: () => T): T {
  const previous = current;
  current = memo;
  try {
    return analysis();
  } finally {
    current = previous;
  }
}

/** One fact of `text`: from the running analysis's memo, or computed afresh outside a run. */
export function fact<K extends keyof TextFacts>(
  text: string,
  kind: K,
  compute: () => NonNullable<TextFacts[K]>,
): NonNullable<TextFacts[K]> {
  return current ? current.fact(text, kind, compute) : compute();
}
