// The read stage: finds the workspace files on disk and parses each YAML file once.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkspaceError } from '../errors.js';
import { type CalendarFile, validateCalendar } from '../model/calendar.js';
import { type CacheEntry, loadLintCache, saveLintCache } from './lint-cache.js';
import { type CalendarJob, parseCalendars } from './parse-pool.js';
import {
  failedSource,
  MAX_FILE_BYTES,
  parseYamlSource,
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
}

const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');
const toPosix = (p: string) => p.split(path.sep).join('/');

/** How calendars are read: with a cache, in parallel. */
export interface ReadOptions {
  /**
   * Folder of the lint cache (see lint-cache.ts); calendars whose bytes are unchanged since the last
   * run are not parsed again. Undefined: no cache.
   */
  cacheLocation?: string;
  /** What the cached results depend on besides a file's bytes (the Chorus version). */
  cacheKey?: string;
  /** Worker threads for parsing: a number, or "auto" (from the CPU count, none for small workspaces). */
  workers?: number | 'auto';
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

  const configExists = await stat(path.join(absoluteRoot, 'chorus.yaml')).catch(() => undefined);
  const config = configExists ? await load('chorus.yaml') : undefined;

  const accountFiles = accountEntries.filter(isYaml).sort();
  const accounts = await Promise.all(
    accountFiles.map(async (name) => ({
      id: name.replace(/\.ya?ml$/, ''),
      source: await load(`accounts/${name}`),
    })),
  );

  const contentDir = path.join(absoluteRoot, 'content');
  const contentEntries = ((await readdir(contentDir, { recursive: true }).catch(() => [])) as string[])
    .map(toPosix)
    .filter(isYaml)
    .sort();
  const strayFiles: string[] = [];
  const calendarPaths: { account: string; relative: string }[] = [];
  for (const entry of contentEntries) {
    const slash = entry.indexOf('/');
    if (slash < 0) {
      strayFiles.push(`content/${entry}`);
      continue;
    }
    const account = entry.slice(0, slash);
    calendarPaths.push({ account, relative: `content/${entry}` });
  }
  const calendars = await readCalendars(absoluteRoot, calendarPaths, options);
  return {
    root: absoluteRoot,
    config,
    accounts,
    calendars,
    strayFiles,
  };
}

/**
 * Read every calendar; take unchanged ones from the cache, parse and validate the others (in worker
 * threads when there is enough to parse), and refresh the cache.
 */
async function readCalendars(
  root: string,
  paths: { account: string; relative: string }[],
  options: ReadOptions,
): Promise<CalendarFile[]> {
  const cache =
    options.cacheLocation !== undefined
      ? await loadLintCache(options.cacheLocation, options.cacheKey ?? '')
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
  const jobs: CalendarJob[] = [];
  const jobIndex: number[] = [];
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
    jobs.push({ file: relative, account, bytes });
    jobIndex.push(index);
  });
  const parsed = await parseCalendars(jobs, { workers: options.workers ?? 'auto' });
  parsed.forEach((calendar, k) => {
    calendars[jobIndex[k]!] = calendar;
  });
  if (cache && options.cacheLocation !== undefined) {
    const entries: CacheEntry[] = [];
    calendars.forEach((calendar, index) => {
      const hash = hashes[index];
      if (hash !== undefined) entries.push({ file: calendar.file, hash, calendar });
    });
    // Rewrite only when something changed: a warm run with nothing new writes nothing.
    const unchanged =
      jobs.length === 0 && entries.length === cache.entries.size && cache.key === (options.cacheKey ?? '');
    if (!unchanged) await saveLintCache(options.cacheLocation, options.cacheKey ?? '', entries);
  }
  return calendars;
}

/** The bytes of a file, or a failed source saying why it cannot be read (see loadYamlFile). */
async function readFileBytes(root: string, relative: string): Promise<Uint8Array | YamlSource> {
  const problem = ([message, hint]: [string, string]) =>
    failedSource(relative, { line: 1, column: 1, message, hint });
  const absolute = path.join(root, relative);
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) return problem(describeReadError({ code: 'EISDIR' }));
    // Opening a pipe or a device could block forever; a calendar is always a regular file.
    if (!info.isFile()) {
      return problem([
        'This is not a regular file (a pipe, socket or device).',
        'Calendars and account files are ordinary UTF-8 text files.',
      ]);
    }
    // Refuse before reading: a huge file is a mistake, and reading it would only waste time and memory.
    if (info.size > MAX_FILE_BYTES) return failedSource(relative, tooLargeProblem(info.size));
    return await readFile(absolute);
  } catch (error) {
    return problem(describeReadError(error));
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
