// The read stage: finds the workspace files on disk and parses each YAML file once.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkspaceError } from '../errors.js';
import { type CalendarFile, validateCalendar } from '../model/calendar.js';
import type { MediaFinding, MediaInfo } from './media-file.js';
import { inspectMediaFiles } from './media-file.js';
import { type CacheEntry, loadLintCache, saveLintCache } from './lint-cache.js';
import { isInside, readWorkspaceFile, UnsafeFileError } from './safe-file.js';
import {
  failedSource,
  MAX_FILE_BYTES,
  parseYamlSource,
  type SyntaxProblem,
  tooLargeProblem,
  type YamlSource,
} from './yaml-source.js';

/** Everything read from a workspace directory, before validation. */
export interface RawWorkspace {
  root: string;
  config: YamlSource | undefined;
  accounts: { id: string; source: YamlSource }[];
  /** Calendar files, parsed and validated file by file (plain data: the YAML documents are not kept). */
  calendars: CalendarFile[];
  /** YAML files directly under content/ (not in an account folder). */
  strayFiles: string[];
  /** Every media file named by a post, as found on disk: what is wrong with it, or undefined (fine). */
  media?: Map<string, MediaFinding | undefined>;
  /** Size and type of each image that may be uploaded (for each network's own limits). */
  mediaInfo?: Map<string, MediaInfo>;
}

const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');

/** How calendars are read: with or without the lint cache. */
export interface ReadOptions {
  /**
   * Folder of the lint cache (see lint-cache.ts); calendars whose bytes are unchanged since the last
   * run are not parsed again. Undefined: no cache.
   */
  cacheLocation?: string;
  /** What the cached results depend on besides a file's bytes (the Chorus version). */
  cacheKey?: string;
  /** The key that seals the cache (see cache-secret.ts); without it no cache is read or written. */
  cacheSecret?: Uint8Array;
  /** Told why a cache file was not used (lint --debug); otherwise a refused cache is silent. */
  cacheDebug?: (message: string) => void;
}

/** Read every file of a workspace (commands filter by account later, so cross-account rules see all). Throws WorkspaceError (exit 2) when `root` is not a workspace at all. */
export async function readWorkspace(root: string, options: ReadOptions = {}): Promise<RawWorkspace> {
  const absoluteRoot = path.resolve(root);
  const rootStat = await stat(absoluteRoot).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new WorkspaceError(`The workspace folder ${root} does not exist.`, {
      hint: 'Pass --root DIR or run Chorus inside a workspace.',
    });
  }
  const accountsDir = path.join(absoluteRoot, 'accounts');
  const accountEntries = await readdir(accountsDir).catch(() => undefined);
  if (!accountEntries) {
    throw new WorkspaceError(`No accounts/ folder in ${absoluteRoot}: this is not a Chorus workspace.`, {
      hint: 'A workspace has accounts/<id>.yaml files and content/<id>/ calendars; pass --root DIR to point at one.',
    });
  }

  const load = (relative: string) => loadYamlFile(absoluteRoot, relative);

  // lstat, not stat: a chorus.yaml that is a broken link is an error to report, not "no limits".
  const configExists = await lstat(path.join(absoluteRoot, 'chorus.yaml')).catch(() => undefined);
  const config = configExists ? await load('chorus.yaml') : undefined;

  const accountFiles = accountEntries.filter(isYaml).sort();
  const firstFileOfId = new Map<string, string>();
  const accounts = await Promise.all(
    accountFiles.map(async (name) => {
      const id = name.replace(/\.ya?ml$/, '');
      const relative = `accounts/${name}`;
      const first = firstFileOfId.get(id);
      if (first === undefined) firstFileOfId.set(id, relative);
      else {
        // accounts/acme.yaml and accounts/acme.yml: neither silently wins; the second is an error.
        return {
          id,
          source: failedSource(relative, {
            line: 1,
            column: 1,
            message: `${relative} and ${first} both define the account "${id}"; Chorus uses ${first} and ignores this file.`,
            hint: `Keep one file per account: merge them and delete ${relative}.`,
          }),
        };
      }
      return { id, source: await load(relative) };
    }),
  );

  const walk = await walkContent(absoluteRoot);
  const strayFiles: string[] = [];
  const calendarPaths: { account: string; relative: string }[] = [];
  for (const relative of walk.files) {
    const entry = relative.slice('content/'.length);
    const slash = entry.indexOf('/');
    if (slash < 0) {
      strayFiles.push(relative);
      continue;
    }
    const account = entry.slice(0, slash);
    calendarPaths.push({ account, relative });
  }
  const calendars = await readCalendars(absoluteRoot, calendarPaths, options);
  for (const problem of walk.problems) {
    const account = problem.file.slice('content/'.length).split('/')[0]!;
    calendars.push(validateCalendar(account, failedSource(problem.file, problem)));
  }
  const mediaNames = calendars.flatMap((calendar) =>
    calendar.posts.flatMap((post) => [
      ...post.media.map((m) => m.file),
      // A network's own images (`variants.<network>.media`) are uploaded too.
      ...Object.values(post.variants ?? {}).flatMap((variant) => (variant.media ?? []).map((m) => m.file)),
    ]),
  );
  const mediaInfo = new Map<string, MediaInfo>();
  const media = await inspectMediaFiles(absoluteRoot, mediaNames, mediaInfo);
  return {
    root: absoluteRoot,
    config,
    accounts,
    calendars,
    strayFiles,
    media,
    mediaInfo,
  };
}

/** Read every calendar; take unchanged ones from the cache, parse and validate the others, and refresh the cache. */
async function readCalendars(
  root: string,
  paths: { account: string; relative: string }[],
  options: ReadOptions,
): Promise<CalendarFile[]> {
  const secret = options.cacheSecret;
  const cache =
    options.cacheLocation !== undefined && secret
      ? await loadLintCache(options.cacheLocation, options.cacheKey ?? '', secret, {
          root,
          ...(options.cacheDebug ? { debug: options.cacheDebug } : {}),
        })
      : undefined;
  const { createHash } = cache ? await import('node:crypto') : { createHash: undefined };
  const read = await Promise.all(
    paths.map(async ({ account, relative }) => {
      const bytes = await readFileBytes(root, relative);
      return { account, relative, bytes };
    }),
  );
  const calendars: CalendarFile[] = new Array<CalendarFile>(read.length);
  const hashes: (string | undefined)[] = new Array<string | undefined>(read.length);
  let parsedCount = 0;
  read.forEach(({ account, relative, bytes }, index) => {
    if (!(bytes instanceof Uint8Array)) {
      calendars[index] = validateCalendar(account, bytes);
      return;
    }
    if (cache && createHash) {
      const hash = createHash('sha256').update(bytes).digest('base64');
      hashes[index] = hash;
      const hit = cache.entries.get(relative);
      if (hit && hit.hash === hash) {
        calendars[index] = hit.calendar;
        return;
      }
    }
    calendars[index] = validateCalendar(account, parseYamlSource(relative, bytes));
    parsedCount++;
  });
  if (cache && secret && options.cacheLocation !== undefined) {
    const entries: CacheEntry[] = [];
    calendars.forEach((calendar, index) => {
      const hash = hashes[index];
      if (hash !== undefined) entries.push({ file: calendar.file, hash, calendar });
    });
    // Rewrite only when something changed: a warm run with nothing new writes nothing.
    const unchanged =
      parsedCount === 0 && entries.length === cache.entries.size && cache.key === (options.cacheKey ?? '');
    if (!unchanged) await saveLintCache(options.cacheLocation, options.cacheKey ?? '', entries, secret);
  }
  return calendars;
}

/** The bytes of a file, or a failed source saying why it cannot be read (see loadYamlFile). */
async function readFileBytes(root: string, relative: string): Promise<Uint8Array | YamlSource> {
  try {
    // Through the one safe door: inside the workspace, a regular file, at most MAX_FILE_BYTES read.
    return await readWorkspaceFile(root, relative, { maxBytes: MAX_FILE_BYTES });
  } catch (error) {
    if (error instanceof UnsafeFileError && error.reason === 'too-large' && error.size !== undefined) {
      return failedSource(relative, tooLargeProblem(error.size));
    }
    const [message, hint] = describeReadError(error);
    return failedSource(relative, { line: 1, column: 1, message, hint });
  }
}

/**
 * Read and parse one file. Whatever goes wrong (a folder named like a file, no permission, a file
 * too large to be a calendar) becomes a located problem of that file, so the other files are still linted.
 */
export async function loadYamlFile(root: string, relative: string): Promise<YamlSource> {
  const bytes = await readFileBytes(root, relative);
  return bytes instanceof Uint8Array ? parseYamlSource(relative, bytes) : bytes;
}

function describeReadError(error: unknown): [string, string] {
  if (error instanceof UnsafeFileError) {
    switch (error.reason) {
      case 'outside':
        return [
          'This file is a symbolic link to outside the workspace; Chorus reads only files inside it.',
          'Copy the file into the workspace instead of linking to it (links within the workspace are fine).',
        ];
      case 'not-regular':
        return [
          'This is not a regular file (a pipe, socket or device).',
          'Calendars and account files are ordinary UTF-8 text files.',
        ];
      case 'permission':
        return describeReadError({ code: 'EACCES' });
      case 'directory':
        return describeReadError({ code: 'EISDIR' });
      case 'missing':
        return describeReadError({ code: 'ENOENT' });
      default:
        return [error.message, error.hint];
    }
  }
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return [
        'This file cannot be read (permission denied).',
        'Give yourself read permission, e.g. chmod u+r FILE.',
      ];
    case 'EISDIR':
      return [
        'This is a folder, but its name ends in .yaml like a file.',
        'Rename the folder (calendars are files like content/<account>/2026-12.yaml).',
      ];
    case 'ENOENT':
      return [
        'This file cannot be opened (a broken symbolic link, or it was deleted while reading).',
        'Fix or remove the link.',
      ];
    default:
      return [
        `This file cannot be read (${code ?? (error as Error).message}).`,
        'Check that it is a regular, readable file.',
      ];
  }
}

/** How deep folders under content/ may nest, and how many entries a walk visits, before Chorus stops. */
export const MAX_WALK_DEPTH = 16;
export const MAX_WALK_ENTRIES = 100_000;

/** What a walk of content/ found: YAML files (workspace-relative, sorted) and located problems with folders. */
interface ContentWalk {
  files: string[];
  problems: (SyntaxProblem & { file: string })[];
}

/**
 * Every YAML file under content/. Real folders are walked first; then each link to a folder (in path
 * order) is followed only when it resolves inside the workspace, outside content/ (a link into content/
 * or to a folder holding it would read folders twice or loop) and to a folder not walked yet (real paths
 * are tracked). A link out of the workspace, a loop or a second name is a located problem. Depth and
 * entry count are bounded. Files are returned as named (links included): reading them goes through the
 * safe door, which checks where each one leads. The result does not depend on the order readdir lists.
 */
async function walkContent(root: string): Promise<ContentWalk> {
  const files: string[] = [];
  const problems: ContentWalk['problems'] = [];
  const rootReal = await realpath(root);
  const problem = (file: string, message: string, hint: string) =>
    problems.push({ file, line: 1, column: 1, message, hint });
  const start = await resolveFolder(rootReal, path.join(root, 'content'));
  if (start.kind === 'missing' || start.kind === 'file') return { files, problems };
  if (start.kind === 'outside') {
    problem(
      'content',
      'content/ is a link to a folder outside the workspace; Chorus does not read it.',
      OUTSIDE_HINT,
    );
    return { files, problems };
  }
  const contentReal = start.real;
  const visited = new Set<string>();
  const links: { relative: string; absolute: string; depth: number }[] = [];
  let seen = 0;
  let full = false;

  /** Walk the real folders under one folder; collect files, and links for later. */
  const walkReal = async (relative: string, real: string, depth: number) => {
    visited.add(real);
    const stack = [{ relative, real, depth }];
    while (stack.length > 0 && !full) {
      const folder = stack.pop()!;
      const entries = await readdir(folder.real, { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (++seen > MAX_WALK_ENTRIES) {
          full = true;
          break;
        }
        const childRelative = `${folder.relative}/${entry.name}`;
        const childReal = path.join(folder.real, entry.name);
        if (entry.isSymbolicLink()) {
          links.push({ relative: childRelative, absolute: childReal, depth: folder.depth + 1 });
        } else if (!entry.isDirectory() || isYaml(entry.name)) {
          // A folder named like a calendar is listed as one, so reading it reports "is a folder", located.
          if (isYaml(entry.name)) files.push(childRelative);
        } else if (folder.depth + 1 > MAX_WALK_DEPTH) {
          problem(childRelative, tooDeep(childRelative), DEPTH_HINT);
        } else if (!visited.has(childReal)) {
          visited.add(childReal);
          stack.push({ relative: childRelative, real: childReal, depth: folder.depth + 1 });
        }
      }
    }
  };

  await walkReal('content', contentReal, 0);
  // Links in path order, a batch at a time (links found inside a linked folder form the next batch).
  while (links.length > 0 && !full) {
    const batch = links.splice(0).sort((a, b) => (a.relative < b.relative ? -1 : 1));
    for (const link of batch) {
      const resolved = await resolveFolder(rootReal, link.absolute);
      const name = path.basename(link.relative);
      if (resolved.kind === 'missing' || resolved.kind === 'file' || isYaml(name)) {
        if (isYaml(name)) files.push(link.relative);
        continue;
      }
      if (resolved.kind === 'outside') {
        problem(
          link.relative,
          `${link.relative} is a link to a folder outside the workspace; Chorus does not read calendars from there.`,
          OUTSIDE_HINT,
        );
      } else if (
        isInside(resolved.real, contentReal) ||
        visited.has(resolved.real) ||
        isInside(contentReal, resolved.real)
      ) {
        problem(
          link.relative,
          `${link.relative} is a link to a folder that is already read (a loop or a second name for it); Chorus reads each folder once.`,
          'Remove the link: each calendar folder should exist once.',
        );
      } else if (link.depth > MAX_WALK_DEPTH) {
        problem(link.relative, tooDeep(link.relative), DEPTH_HINT);
      } else {
        await walkReal(link.relative, resolved.real, link.depth);
      }
    }
  }
  if (full) {
    problem(
      'content',
      `content/ holds more than ${MAX_WALK_ENTRIES.toLocaleString('en-US')} files and folders; Chorus stopped reading there.`,
      'Move what is not a calendar out of content/ (one folder per account, a few calendar files each).',
    );
  }
  return { files: files.sort(), problems };
}

const tooDeep = (relative: string) =>
  `${relative} is nested more than ${MAX_WALK_DEPTH} folders deep; Chorus does not read deeper.`;
const DEPTH_HINT = 'Keep calendars in content/<account>/ or a few sub-folders below it.';

const OUTSIDE_HINT =
  'Keep calendars inside the workspace (links within it are fine); copy the folder in instead of linking to it.';

type FolderKind = { kind: 'folder' | 'file' | 'outside'; real: string } | { kind: 'missing' };

/** Where a path leads: a folder inside the workspace, something else inside it, outside, or nowhere. */
async function resolveFolder(rootReal: string, absolute: string): Promise<FolderKind> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    return { kind: 'missing' };
  }
  const info = await stat(real).catch(() => undefined);
  if (!info) return { kind: 'missing' };
  if (!info.isDirectory()) return { kind: 'file', real };
  if (!isInside(rootReal, real)) return { kind: 'outside', real };
  return { kind: 'folder', real };
}

/**
 * A calendar's current text for a command that edits it (add, import): through the one door for files, so
 * a FIFO, a device or a link out of the workspace is refused (located) rather than read; undefined when
 * the file does not exist yet.
 */
export async function readCalendarText(root: string, relative: string): Promise<string | undefined> {
  try {
    return (await readWorkspaceFile(root, relative, { maxBytes: MAX_FILE_BYTES })).toString('utf8');
  } catch (error) {
    if (error instanceof UnsafeFileError && error.reason === 'missing') return undefined;
    if (error instanceof UnsafeFileError)
      throw new WorkspaceError(`This file ${error.detail}`, { file: relative, hint: error.hint });
    throw error;
  }
}
