// The read stage: finds the workspace files on disk and parses each YAML file once.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkspaceError } from '../errors.js';
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
  calendars: { account: string; source: YamlSource }[];
  /** YAML files directly under content/ (not in an account folder). */
  strayFiles: string[];
}

const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');
const toPosix = (p: string) => p.split(path.sep).join('/');

/** Read every file of a workspace (commands filter by account later, so cross-account rules see all). Throws WorkspaceError (exit 2) when `root` is not a workspace at all. */
export async function readWorkspace(root: string): Promise<RawWorkspace> {
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
  const calendars = await Promise.all(
    calendarPaths.map(async ({ account, relative }) => ({ account, source: await load(relative) })),
  );
  return {
    root: absoluteRoot,
    config,
    accounts,
    calendars,
    strayFiles,
  };
}

/**
 * Read and parse one file. Whatever goes wrong (a folder named like a file, no permission, a file
 * too large to be a calendar) becomes a located problem of that file, so the other files are still linted.
 */
export async function loadYamlFile(root: string, relative: string): Promise<YamlSource> {
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
    return parseYamlSource(relative, await readFile(absolute));
  } catch (error) {
    return problem(describeReadError(error));
  }
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
