// A deterministic generator of realistic, varied post texts with planted near-duplicates, for scale tests.

/** mulberry32: a tiny seeded PRNG, so every run and machine sees the same corpus. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = (
  'the a to and of in for our on with is you at this new from it your we are be today by more all ' +
  'now get out here just week team can see how what about up free store city year live store day'
).split(' ');
const SYLLABLES =
  'ka lo mi ne su ra to vi ber lin pa dor en ta sol mar qu ix ze no fa gre hol ston wick ly ne'.split(' ');
const OPENERS = [
  'New on the blog:',
  'Deal of the day:',
  'Community spotlight:',
  'This week in Berlin:',
  'Fresh from the team:',
  'Quick reminder:',
  'Big news!',
  'Thanks to everyone who came',
];

/** A Zipf-like pick: low ranks much more often, like words in real text. */
function zipf(random: () => number, size: number): number {
  return Math.min(size - 1, Math.floor(Math.exp(random() * Math.log(size + 1)) - 1));
}

export interface Corpus {
  texts: string[];
  /** For each planted near-duplicate: its index and its original's index (always earlier). */
  planted: { variant: number; original: number; kind: string }[];
}

function makeVocabulary(random: () => number, size: number): string[] {
  const words = new Set<string>(COMMON);
  while (words.size < size) {
    const syllables = 1 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
}

/** Generate `count` texts of which `plantedPairs` are near-duplicates of an earlier text. */
export function generateCorpus(count: number, plantedPairs: number, seed = 42): Corpus {
  const random = prng(seed);
  const vocabulary = makeVocabulary(random, 6000);
  const han = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x4e00 + i * 6));
  const thai = Array.from({ length: 44 }, (_, i) => String.fromCodePoint(0x0e01 + i));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const link = () =>
    `https://acme.example/${pick(vocabulary)}?utm_source=x&utm_campaign=${Math.floor(random() * 1e9).toString(36)}`;

  type Draft = { words: string[]; kind: 'latin' | 'cjk' | 'thai'; decoration: string };
  const draft = (): Draft => {
    const roll = random();
    if (roll < 0.15) {
      const length = 25 + Math.floor(random() * 45);
      return {
        words: Array.from({ length }, () => han[zipf(random, han.length)]!),
        kind: 'cjk',
        decoration: '',
      };
    }
    if (roll < 0.2) {
      const length = 25 + Math.floor(random() * 35);
      return { words: Array.from({ length }, () => pick(thai)), kind: 'thai', decoration: '' };
    }
    const length = 12 + Math.floor(random() * 30);
    const words = Array.from({ length }, () => vocabulary[zipf(random, vocabulary.length)]!);
    if (random() < 0.4) words.unshift(...pick(OPENERS).split(' '));
    let decoration = '';
    if (random() < 0.3) decoration += ` #${pick(vocabulary)}`;
    if (random() < 0.2) decoration += ` @${pick(vocabulary)}`;
    return { words, kind: 'latin', decoration };
  };
  const render = (d: Draft, restyle = false) => {
    const body = d.kind === 'latin' ? d.words.join(' ') : d.words.join('');
    const text = `${body}${d.decoration}${random() < 0.5 ? ` ${link()}` : ''}`;
    return restyle ? `🎉${text.toUpperCase()}!!! ${link()}` : text;
  };

  const originals = count - plantedPairs;
  const drafts = Array.from({ length: originals }, draft);
  // Each planted variant sorts after its original: key = original index + a fraction of the way on.
  const items: { key: number; text: string; original?: number; kind?: string }[] = drafts.map((d, i) => ({
    key: i,
    text: render(d),
  }));
  const used = new Set<number>();
  const variants: { key: number; text: string; original: number; kind: string }[] = [];
  while (variants.length < plantedPairs) {
    const original = Math.floor(random() * originals);
    const d = drafts[original]!;
    if (used.has(original) || d.words.length < 20) continue;
    used.add(original);
    const copy = [...d.words];
    let kind: string;
    const roll = random();
    if (roll < 0.3) kind = 'restyled with another link';
    else if (roll < 0.7 || d.words.length < 34) {
      kind = d.kind === 'latin' ? 'one word changed' : 'one character changed';
      copy[Math.floor(random() * copy.length)] = d.kind === 'latin' ? 'zzyzx' : d.kind === 'cjk' ? '鑫' : 'ฮ';
    } else {
      kind = 'two words changed';
      copy[3] = d.kind === 'latin' ? 'qwerty' : '鑫';
      copy[copy.length - 4] = d.kind === 'latin' ? 'zzyzx' : '淼';
    }
    const key = original + 0.5 + random() * (originals - original);
    variants.push({
      key,
      text: render({ ...d, words: copy }, kind === 'restyled with another link'),
      original,
      kind,
    });
  }
  const all = [...items, ...variants].sort((x, y) => x.key - y.key);
  const indexOfOriginal = new Map<number, number>();
  all.forEach((item, index) => {
    if (!('original' in item) || item.original === undefined) indexOfOriginal.set(item.key, index);
  });
  const planted: Corpus['planted'] = [];
  all.forEach((item, index) => {
    if (item.original !== undefined)
      planted.push({ variant: index, original: indexOfOriginal.get(item.original)!, kind: item.kind! });
  });
  return { texts: all.map((item) => item.text), planted };
}
