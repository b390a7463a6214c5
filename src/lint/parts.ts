// Names the parts of a rendered post for rules that check each part (main text, thread replies).
import type { PlatformText } from '../platforms/types.js';
import type { RuleContext } from './define-rule.js';

/** The field to point at and the words for a message, for part `index` (0 = the main text). */
export function partLocation(index: number): { field: string; where: string } {
  return index === 0
    ? { field: 'text', where: 'The text' }
    : { field: `thread.${index - 1}`, where: `Thread part ${index}` };
}

/**
 * The shared check of the per-part counting rules (hashtag-limit, mention-limit, link-limit): for every
 * part of every post, find the entities with the account's network's `extract` and report `tooMany` when there are more than the
 * account's `max`. `list` turns what was found into the message's {{list}} (omit it to quote nothing).
 */
export function reportPartsOverMax(
  context: RuleContext<{ max: number }, 'tooMany'>,
  extract: (text: PlatformText) => (text: string) => string[],
  list?: (found: string[]) => string,
): void {
  for (const entry of context.timeline.entries) {
    const options = context.options(entry.account.id);
    if (!options) continue;
    const find = extract(context.platform(entry.account).text);
    entry.rendered.parts.forEach((part, index) => {
      const found = find(part.text);
      if (found.length <= options.max) return;
      const { field, where } = partLocation(index);
      context.report({
        post: entry.post,
        field,
        messageId: 'tooMany',
        data: { where, count: found.length, max: options.max, ...(list ? { list: list(found) } : {}) },
      });
    });
  }
}
