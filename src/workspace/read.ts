// The read stage: finds the workspace files on disk and parses each YAML file once.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkspaceError } from '../errors.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

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

  const load = async (relative: string): Promise<YamlSource> => {
    const bytes = await readFile(path.join(absoluteRoot, relative));
    return parseYamlSource(relative, bytes);
  };

  const configExists = await stat(path.join(absoluteRoot, 'chorus.yaml')).catch(() => undefined);
  const config = configExists?.isFile() ? await load('chorus.yaml') : undefined;

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
