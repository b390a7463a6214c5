// The bench's floor: one process that reads every YAML file of a workspace and parses it the way `chorus lint` does.
// Usage: node bench/yaml-floor.js <workspace>   (prints the file count and total bytes as JSON)
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

/**
 * Parse every .yaml/.yml file under `root` sequentially, with the same options as
 * src/workspace/yaml-source.ts (a LineCounter, uniqueKeys, strict) and the same `toJS` step,
 * so the floor is exactly the YAML work lint cannot avoid in one process.
 * @param {string} root
 * @returns {Promise<{ files: number, bytes: number, errors: number }>}
 */
export async function parseAllYaml(root) {
  const entries = /** @type {string[]} */ (await readdir(root, { recursive: true }))
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
  let bytes = 0;
  let errors = 0;
  for (const entry of entries) {
    const text = await readFile(path.join(root, entry), 'utf8');
    bytes += text.length;
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      logLevel: 'error',
    });
    errors += doc.errors.length;
    doc.toJS({ maxAliasCount: 100 });
  }
  return { files: entries.length, bytes, errors };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const root = process.argv[2];
  if (!root) {
    console.error('usage: node bench/yaml-floor.js <workspace>');
    process.exit(2);
  }
  console.log(JSON.stringify(await parseAllYaml(root)));
}
