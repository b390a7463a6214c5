// repairTail: a whole last record that lost its newline is kept (the newline added); a torn one is cut,
// however long it is.
import { open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repairTail } from '../../src/state/json-lines.js';
import { makeWorkspace } from '../helpers/workspace.js';

const isJson = (line: string) => {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
};

async function repaired(text: string): Promise<string> {
  const file = path.join(await makeWorkspace({}), 'x.jsonl');
  await writeFile(file, text);
  const handle = await open(file, 'a+');
  try {
    await repairTail(handle, isJson);
  } finally {
    await handle.close();
  }
  return readFile(file, 'utf8');
}

describe('repairTail', () => {
  it.each([
    [
      'a whole last record without its newline: kept, newline added',
      '{"a":1}\n{"b":2}',
      '{"a":1}\n{"b":2}\n',
    ],
    ['a whole single record without its newline: kept', '{"b":2}', '{"b":2}\n'],
    ['a torn last line: cut', '{"a":1}\n{"b":', '{"a":1}\n'],
    ['a torn single line: cut', '{"b":', ''],
    ['a file ending with a newline: unchanged', '{"a":1}\n', '{"a":1}\n'],
    ['an empty file: unchanged', '', ''],
  ])('%s', async (_name, text, expected) => {
    expect(await repaired(text)).toBe(expected);
  });

  it('cuts a torn line longer than the 64 kB it looks at back to the last newline', async () => {
    expect(await repaired(`{"a":1}\n{"b":"${'x'.repeat(200_000)}`)).toBe('{"a":1}\n');
    expect(await repaired(`{"b":"${'x'.repeat(200_000)}`)).toBe('');
  });
});
