// docs/rules.md documents every rule of the registry, with its default severity, so the two cannot drift.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';

const DOC = path.resolve(import.meta.dirname, '../../docs/rules.md');

describe('docs/rules.md', () => {
  it('has a section for every rule, listed in its index, with the default severity', async () => {
    const text = await readFile(DOC, 'utf8');
    for (const [id, rule] of Object.entries(rules)) {
      const start = text.indexOf(`\n## ${id}\n`);
      expect(start, `docs/rules.md has "## ${id}"`).toBeGreaterThan(0);
      expect(text, `the index links ${id}`).toContain(`[\`${id}\`](#${id})`);
      const section = text.slice(start + 1, text.indexOf('\n## ', start + 1));
      expect(section, `${id}'s table gives its default severity`).toContain(
        `| ${rule.meta.defaultSeverity} |`,
      );
    }
  });
});
