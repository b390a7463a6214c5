// The examples of docs/scorecards.md are real output: each block after an `<!-- output: ARGS -->` marker is
// what `chorus ARGS` prints in the repository (`| key` keeps one key of the JSON, `key[0]` its first item).
// CHORUS_UPDATE_DOCS=1 rewrites the blocks from the output instead of comparing.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = path.join(REPO, 'docs/scorecards.md');
/** A marker, then a fenced block (any info string) right after it. */
const EXAMPLE = /<!-- output: ([^|>]+?)(?: \| ([a-zA-Z]+))? -->\n```([a-z]*)\n([\s\S]*?)```/g;

/** What the command prints, reduced to one key of its JSON when asked. */
function output(args: string, key: string | undefined): string {
  const run = runCli(args.split(' '), { cwd: REPO });
  expect(run.code, `chorus ${args}: ${run.stderr}`).toBe(0);
  if (!key) return run.stdout;
  const value = (JSON.parse(run.stdout) as Record<string, unknown[]>)[key]!;
  return `${JSON.stringify(value.length === 1 ? value[0] : value, null, 2)}\n`;
}

describe('docs/scorecards.md examples', () => {
  it('are what the commands print', async () => {
    const text = await readFile(DOC, 'utf8');
    const examples = [...text.matchAll(EXAMPLE)];
    expect(examples.length).toBe(4);
    let updated = text;
    for (const [whole, args, key, info, documented] of examples) {
      const printed = output(args!, key);
      if (process.env.CHORUS_UPDATE_DOCS) {
        updated = updated.replace(
          whole,
          whole.replace(`\`\`\`${info}\n${documented}\`\`\``, `\`\`\`${info}\n${printed}\`\`\``),
        );
      } else expect(documented, `the example of chorus ${args}`).toBe(printed);
    }
    if (process.env.CHORUS_UPDATE_DOCS) await writeFile(DOC, updated);
  }, 30_000);
});
