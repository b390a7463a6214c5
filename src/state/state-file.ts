// Where Chorus writes its state (ledgers, metrics snapshots, locks under state/): only inside the workspace,
// never through a symbolic link, so a committed link can make a write fail but never land outside.
import { constants } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkspaceError } from '../errors.js';
import { resolveInWorkspace, UnsafeFileError } from '../workspace/safe-file.js';

/** Opens a file as `fs/promises.open` does; replaceable in tests to simulate short writes or a full disk. */
export type OpenStateFile = (file: string, flags: number) => Promise<FileHandle>;

/** The hint for a state file that is a link, a pipe or a device: Chorus writes these files itself. */
export const STATE_FILE_HINT =
  'State files are written by chorus only: remove this one (a link, pipe or device; `git rm` it) and restore the real file from git if there was one.';

/** A located error for a state path Chorus will not write to. */
function refused(relative: string, detail: string, hint = STATE_FILE_HINT): WorkspaceError {
  return new WorkspaceError(`This file ${detail}`, { file: relative, line: 1, column: 1, hint });
}

/**
 * The real path of a state folder (`state` by default), created when missing. Throws a located
 * WorkspaceError when it is, or leads through, a link out of the workspace, is a broken link, or is no folder.
 */
export async function stateFolder(root: string, relative = 'state'): Promise<string> {
  let real: string;
  try {
    real = await resolveInWorkspace(root, relative);
  } catch (error) {
    if (!(error instanceof UnsafeFileError)) throw error;
    if (error.reason !== 'missing') throw refused(relative, error.detail, error.hint);
    const lexical = path.resolve(await realpath(path.resolve(root)), relative);
    // A broken link: mkdir would fail, or (followed by a later tool) create the folder where it points.
    if (await isLink(lexical)) {
      throw refused(
        relative,
        'is a symbolic link whose target does not exist; Chorus keeps its state only inside the workspace.',
      );
    }
    await mkdir(lexical, { recursive: true });
    real = await resolveInWorkspace(root, relative).catch((again: unknown) => {
      throw again instanceof UnsafeFileError ? refused(relative, again.detail, again.hint) : again;
    });
  }
  if (!(await stat(real)).isDirectory()) {
    throw refused(relative, 'is not a folder; Chorus keeps its state files in it.', 'Move the file away.');
  }
  return real;
}

/** Whether a workspace path is a symbolic link (of any kind, broken included). */
export async function isLink(absolute: string): Promise<boolean> {
  return lstat(absolute).then(
    (info) => info.isSymbolicLink(),
    () => false,
  );
}

/**
 * A located error when a state file that reads as missing is in fact a broken symbolic link (its target is
 * missing, maybe outside the workspace), else undefined: such a file must neither read as empty nor be created.
 */
export async function brokenStateLink(root: string, relative: string): Promise<WorkspaceError | undefined> {
  const lexical = path.resolve(await realpath(path.resolve(root)), relative);
  if (!(await isLink(lexical))) return undefined;
  return refused(
    relative,
    'is a symbolic link whose target does not exist; Chorus reads and writes state files only as regular files inside the workspace.',
  );
}

/**
 * Open a state file (`state/<account>.jsonl`, say) with `flags`, creating it if they say so: its folder
 * must be inside the workspace (see {@link stateFolder}) and the file itself no link (O_NOFOLLOW) and a
 * regular file. Returns the handle and the absolute path opened. Refusals are located WorkspaceErrors.
 */
export async function openStateFile(
  root: string,
  relative: string,
  flags: number,
  openFile: OpenStateFile = (file, fileFlags) => open(file, fileFlags),
): Promise<{ handle: FileHandle; file: string }> {
  const folder = await stateFolder(root, path.dirname(relative));
  const file = path.join(folder, path.basename(relative));
  let handle: FileHandle;
  try {
    handle = await openFile(file, flags | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || (code === 'ENOENT' && (await isLink(file)))) {
      throw refused(
        relative,
        'is a symbolic link; Chorus writes state files only as regular files inside the workspace, never through a link.',
      );
    }
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) {
      throw refused(
        relative,
        'is not a regular file (a pipe, socket, device or folder); Chorus writes state files only as regular files.',
        'Remove it; state files are written by chorus only.',
      );
    }
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  return { handle, file };
}
