// Shared fixtures for the duplicate rules: calendars with one post per 4 lines (text on line 3 + 4 × index).

/** One post: `at` places it; without `at` it is queued (a `link:` line keeps every post 4 lines long). */
export interface FixturePost {
  text: string;
  at?: string;
}

/** A calendar file; post i's `text` is on line 3 + 4 × i. */
export function calendar(posts: FixturePost[], prefix = 'p'): string {
  return posts
    .map(
      (post, i) =>
        `- id: ${prefix}${i}\n  category: news\n  text: ${JSON.stringify(post.text)}\n` +
        (post.at ? `  at: ${post.at}` : '  link: https://acme.example/queued'),
    )
    .join('\n');
}

/** The line of post i's text in {@link calendar}. */
export const textLine = (index: number) => 3 + 4 * index;

export const BASE =
  'Our winter sale starts today: thirty percent off every jacket and boot in the Berlin store until Sunday evening';
/** BASE with one word changed (Sunday → Monday). */
export const ONE_WORD = BASE.replace('Sunday', 'Monday');
/** BASE shouted, with other punctuation, emoji glued to words and a tracked link. */
export const RESTYLED =
  'OUR WINTER SALE starts today!!! 🎉Thirty percent off every jacket AND boot in the Berlin store until Sunday evening 🎉 https://acme.example/sale?utm_source=x&utm_campaign=w1';
export const WITH_LINK = `${BASE} https://acme.example/sale?utm_source=x&utm_campaign=w2`;
export const DIFFERENT =
  'Read how our team repaired a hundred bikes for the children of the city this autumn, with photos';
export const CJK = '冬季大促今天开始：柏林门店所有夹克和靴子七折，活动一直持续到周日晚上，欢迎光临';
/** CJK with one character changed (七 → 八). */
export const CJK_ONE_CHAR = CJK.replace('七', '八');
/** A Chinese translation of BASE: not a duplicate. */
export const CJK_TRANSLATION = '我们的冬季大促今天开始：柏林门店所有夹克和靴子七折，直到周日晚上';
