// Writes workspace files atomically (temp file + rename), so a crash never leaves half a calendar.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Write `text` to `root/relative` atomically, creating folders as needed. */
export async function writeWorkspaceFile(root: string, relative: string, text: string): Promise<void> {
  const target = path.join(root, relative);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, text, { encoding: 'utf8' });
}
