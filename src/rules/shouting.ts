// shouting: no ALL-CAPS posts and no "!!!" - shouting reads as spam and lowers engagement.
import { z } from 'zod';
import { defineRule } from '../lint/define-rule.js';
import { partLocation } from '../lint/parts.js';

// Half-width and full-width (CJK) exclamation and question marks.
const PUNCTUATION_RUN = /[!?！？]+/gu;
const LETTER = /\p{L}/u;

/** Counts of letters in `text`: all, those with a case (Latin, Greek, Cyrillic…), and capitals. */
function letterCounts(text: string): { letters: number; cased: number; upper: number } {
  let letters = 0;
  let cased = 0;
  let upper = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    // ASCII first: most posts are mostly ASCII, and this is several times faster than \p{L}.
    if (code < 128) {
      if (code >= 65 && code <= 90) upper++;
      else if (code < 97 || code > 122) continue;
      letters++;
      cased++;
      continue;
    }
    if (!LETTER.test(char)) continue;
    letters++;
    const capital = char.toUpperCase();
    if (char.toLowerCase() === capital) continue; // CJK, Arabic, Hebrew…: no case, so no shouting in capitals
    cased++;
    if (char === capital) upper++;
  }
  return { letters, cased, upper };
}

function longestRun(text: string): string {
  let longest = '';
  for (const match of text.matchAll(PUNCTUATION_RUN))
    if (match[0].length > longest.length) longest = match[0];
  return longest;
}

export default defineRule({
  id: 'shouting',
  meta: {
    description:
      'No text mostly in capitals and no runs like "!!!" or "???" (URLs, @mentions, #hashtags ignored).',
    defaultSeverity: 'warn',
    defaultOptions: { maxCapitalShare: 0.6, minLetters: 12, maxPunctuationRun: 2 },
    optionsSchema: z
      .strictObject({
        maxCapitalShare: z.number().min(0).max(1),
        minLetters: z.int().min(1),
        maxPunctuationRun: z.int().min(1),
      })
      .partial(),
    messages: {
      capitals:
        '{{where}} is {{percent}}% capital letters ({{upper}} of {{cased}}); write in sentence case (at most {{maxPercent}}% capitals).',
      punctuation: '{{where}} has {{length}} "!"/"?" in a row ("{{run}}"); use at most {{max}}.',
    },
  },
  check(context) {
    for (const entry of context.timeline.entries) {
      const options = context.options(entry.account.id);
      if (!options) continue;
      entry.rendered.parts.forEach((part, index) => {
        const prose = context.platform(entry.account).text.withoutEntities(part.text);
        const { field, where } = partLocation(index);
        const { letters, cased, upper } = letterCounts(prose);
        // Short texts ("NEW!") and texts mostly in a script without case are not judged.
        if (cased >= options.minLetters && cased * 2 >= letters && upper / cased > options.maxCapitalShare) {
          context.report({
            post: entry.post,
            field,
            messageId: 'capitals',
            data: {
              where,
              percent: Math.round((upper / cased) * 100),
              upper,
              cased,
              maxPercent: Math.round(options.maxCapitalShare * 100),
            },
          });
        }
        const run = longestRun(prose);
        if ([...run].length > options.maxPunctuationRun) {
          context.report({
            post: entry.post,
            field,
            messageId: 'punctuation',
            data: { where, length: [...run].length, run, max: options.maxPunctuationRun },
          });
        }
      });
    }
  },
});
