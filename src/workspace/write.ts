// Writes workspace files atomically (temp file + rename), so a crash never leaves half a calendar, and only
// inside the workspace: a calendar or folder linked out of it is refused, never written through.
import { lstat, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { WorkspaceError } from '../errors.js';
import { isInside, resolveInWorkspace, UnsafeFileError } from './safe-file.js';

/**
 * Write `text` to `root/relative` atomically, creating folders as needed. Throws a WorkspaceError (exit 2)
 * when the path, a folder on it or an existing file at it leads out of the workspace, or when an existing
 * file there is a pipe, device or folder.
 */
export async function writeWorkspaceFile(root: string, relative: string, text: string): Promise<void> {
  try {
    await writeInside(root, relative, text);
  } catch (error) {
    // A refusal is the workspace's doing: a located error (exit 2), not a crash.
    if (error instanceof UnsafeFileError) {
      throw new WorkspaceError(`This file ${error.detail}`, { file: relative, hint: error.hint });
    }
    throw error;
  }
}

async function writeInside(root: string, relative: string, text: string): Promise<void> {
  // The root itself is chosen by the user (the workspace, or `chorus schema --out DIR`): create it if new.
  await mkdir(path.resolve(root), { recursive: true });
  const rootReal = await realpath(path.resolve(root));
  const lexical = path.resolve(rootReal, relative);
  if (path.isAbsolute(relative) || !isInside(rootReal, lexical)) throw outside(relative);
  // The deepest folder that exists must really be inside the workspace before anything is created.
  let existing = path.dirname(lexical);
  for (;;) {
    const found = await lstat(existing).catch(() => undefined);
    if (found) break;
    existing = path.dirname(existing);
  }
  if (!isInside(rootReal, await realpath(existing))) throw outside(relative);
  await mkdir(path.dirname(lexical), { recursive: true });
  let target = lexical;
  const current = await lstat(lexical).catch(() => undefined);
  if (current) {
    // An existing file (or link) is written where it really is, if that is inside the workspace.
    target = await resolveInWorkspace(rootReal, relative).catch((error: unknown) => {
      const away =
        error instanceof UnsafeFileError && (error.reason === 'missing' || error.reason === 'outside');
      throw away ? outside(relative) : error;
    });
    const info = await lstat(target);
    if (!info.isFile()) {
      throw new UnsafeFileError(
        'not-regular',
        relative,
        `is not a regular file (a folder, pipe or device); Chorus will not write to it.`,
        'Remove it, or write the posts to another calendar file.',
      );
    }
  } else if (!isInside(rootReal, await realpath(path.dirname(lexical)))) {
    throw outside(relative);
  }
  await writeFileAtomic(target, text, { encoding: 'utf8' });
}

function outside(relative: string): UnsafeFileError {
  return new UnsafeFileError(
    'outside',
    relative,
    `leads outside the workspace (a ../ path or a symbolic link out of it); Chorus writes only inside the workspace.`,
    'Replace the link with a real file or folder inside the workspace.',
  );
}
