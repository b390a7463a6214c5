// Test helpers: small workspaces on disk (for CLI tests) or in memory (for pure stages).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Write files under a fresh temporary directory and return its path. */
export async function makeWorkspace(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'chorus-test-'));
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return root;
}

/** A valid account file; override fields by passing extra YAML lines. */
export function accountYaml(
  extra = '',
  base: Partial<Record<'handle' | 'timezone' | 'language' | 'owner', string>> = {},
): string {
  return [
    'platform: x',
    `handle: "@${base.handle ?? 'acme'}"`,
    `timezone: ${base.timezone ?? 'Europe/Berlin'}`,
    `language: ${base.language ?? 'en'}`,
    `owner: ${base.owner ?? 'ana'}`,
    'team: [ben, chloe]',
    extra,
  ]
    .filter(Boolean)
    .join('\n');
}
