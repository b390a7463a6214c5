// A per-run memo of the networks' text rules: render and several rules ask the same questions (length,
// links, hashtags, mentions) about the same texts, and the answers depend on the text alone. The pipeline
// wraps the registry once per analysis, so no memo outlives its run and none is shared between runs.
import { platformRegistry, type PlatformRegistry } from './registry.js';
import type { Platform, PlatformText } from './types.js';

type TextQuestion = 'length' | 'links' | 'hashtags' | 'mentions' | 'withoutEntities';
const QUESTIONS: readonly TextQuestion[] = ['length', 'links', 'hashtags', 'mentions', 'withoutEntities'];

/** `text` with each pure question answered once per distinct text. */
export function memoiseText(text: PlatformText): PlatformText {
  const memoised: PlatformText = { ...text };
  for (const question of QUESTIONS) {
    const ask = text[question] as (input: string) => unknown;
    const answers = new Map<string, unknown>();
    (memoised as unknown as Record<TextQuestion, (input: string) => unknown>)[question] = (input) => {
      if (answers.has(input)) return answers.get(input);
      const answer = ask(input);
      answers.set(input, answer);
      return answer;
    };
  }
  return memoised;
}

/** A registry whose platforms answer text questions from a memo of their own (one per call). */
export function memoiseRegistry(registry: PlatformRegistry): PlatformRegistry {
  return platformRegistry(
    [...registry.values()].map((platform): Platform => ({ ...platform, text: memoiseText(platform.text) })),
  );
}
