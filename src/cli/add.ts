// `chorus add`: write one post into an account's calendar, keeping the file's bytes, after linting the result.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import chalk from 'chalk';
import { ExitCode, UsageError, WorkspaceError } from '../errors.js';
import { toLintResults } from '../format/lint-results.js';
import { chalkStyle, plainStyle } from '../format/style.js';
import { formatStylish } from '../format/stylish.js';
import { lintWorkspace } from '../lint/lint-workspace.js';
import { postSchema } from '../model/schema.js';
import { localDate, localParts, parseWhen, toLocalIso } from '../model/time.js';
import type { Category, Problem } from '../model/types.js';
import { type PostFields, upsertPost } from '../workspace/calendar-edit.js';
import { withCalendarText } from '../workspace/memory.js';
import { readPublishedPosts } from '../publish/ledger-file.js';
import { readWorkspace } from '../workspace/read.js';
import { writeWorkspaceFile } from '../workspace/write.js';
import type { CliIO } from './io.js';
import { checkAccountIds } from './options.js';

export interface AddOptions {
  root: string;
  account: string;
  category: Category;
  text: string;
  at: string | undefined;
  link: string | undefined;
  expires: string | undefined;
  id: string | undefined;
  /** Calendar file, workspace-relative or absolute; must be under content/<account>/. */
  file: string | undefined;
  dryRun: boolean;
  now: Date;
}

/** A readable id from the text: the first words as a slug plus a short hash of the whole text. */
export function deriveId(text: string, taken: ReadonlySet<string>): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 5)
    .join('-')
    .slice(0, 40)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 6);
  const base = slug ? `${slug}-${hash}` : `post-${hash}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** Problems in `after` that `before` does not have (compared by rule, message id, file, post and message). */
function newProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const key = (p: Problem) =>
    `${p.ruleId}|${p.messageId ?? ''}|${p.file}|${p.account ?? ''}|${p.postId ?? ''}`;
  const counts = new Map<string, number>();
  for (const p of before) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
  return after.filter((p) => {
    const n = counts.get(key(p)) ?? 0;
    if (n > 0) {
      counts.set(key(p), n - 1);
      return false;
    }
    return true;
  });
}

/** Check the options with the same schema that reads calendars; returns the post as it will be written. */
function postFields(options: AddOptions, id: string | undefined): PostFields {
  for (const [name, value] of [
    ['--at', options.at],
    ['--expires', options.expires],
  ] as const) {
    if (value === undefined) continue;
    const parsed = parseWhen(value);
    if ('error' in parsed) throw new UsageError(`${name}: ${parsed.error}`);
  }
  const fields: PostFields = { id: id ?? 'placeholder', category: options.category, text: options.text };
  if (options.at !== undefined) fields.at = options.at;
  if (options.link !== undefined) fields.link = options.link;
  if (options.expires !== undefined) fields.expires = options.expires;
  const parsed = postSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const option = { id: '--id', text: '--text', link: '--link', category: '--category' }[
      String(issue.path[0])
    ];
    throw new UsageError(`${option ?? String(issue.path[0])}: ${issue.message}`);
  }
  return fields;
}

function chooseFile(options: AddOptions, accountFiles: readonly string[], zone: string): string {
  const folder = `content/${options.account}/`;
  if (options.file !== undefined) {
    const relative = path
      .relative(options.root, path.resolve(options.root, options.file))
      .split(path.sep)
      .join('/');
    if (!relative.startsWith(folder) || !/\.ya?ml$/.test(relative)) {
      throw new UsageError(
        `--file ${options.file} is not a calendar of ${options.account}`,
        `Calendar files of this account live under ${folder} and end in .yaml.`,
      );
    }
    return relative;
  }
  if (accountFiles.length > 0) return [...accountFiles].sort().at(-1)!;
  // A new calendar named after the month the post is for (or the current month).
  const when = options.at ? parseWhen(options.at) : undefined;
  const month =
    when && !('error' in when) ? when.date.slice(0, 7) : localDate(new Date(options.now), zone).slice(0, 7);
  return `${folder}${month}.yaml`;
}

/** Add the post, or explain why not; returns the exit code. */
export async function addCommand(options: AddOptions, io: CliIO): Promise<number> {
  postFields(options, options.id);
  const raw = await readWorkspace(options.root);
  const published = await readPublishedPosts(
    options.root,
    raw.accounts.map((a) => a.id),
  );
  const before = lintWorkspace(raw, { now: options.now, published });
  checkAccountIds([options.account], before.workspace.accounts.keys());
  const account = before.workspace.accounts.get(options.account)!;
  if (!account.categories.includes(options.category)) {
    throw new UsageError(
      `${options.account} does not post category ${options.category}`,
      `Its categories are: ${account.categories.join(', ')}.`,
    );
  }

  const accountCalendars = raw.calendars.filter((c) => c.account === options.account).map((c) => c.file);
  const posts = before.workspace.posts.filter((p) => p.account === options.account);
  const taken = new Set(posts.map((p) => p.id));
  if (options.id !== undefined && taken.has(options.id)) {
    const existing = posts.find((p) => p.id === options.id)!;
    throw new WorkspaceError(`${options.account} already has a post with the id "${options.id}"`, {
      file: existing.file,
      line: existing.position.line,
      column: existing.position.column,
      exitCode: ExitCode.problems,
      hint: 'Pick another --id, or leave --id out to derive one from the text.',
    });
  }
  const id = options.id ?? deriveId(options.text, taken);
  const fields = postFields(options, id);

  const file = chooseFile(options, accountCalendars, account.timezone);
  const absolute = path.join(options.root, file);
  const oldText = await readFile(absolute, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw new WorkspaceError(`Cannot read ${file}: ${error.message}`, { file });
  });
  let newText: string;
  try {
    newText = upsertPost(oldText, fields).text;
  } catch (error) {
    throw new WorkspaceError(`Cannot add a post to ${file}: ${(error as Error).message}`, {
      file,
      hint: 'Fix the file (run `chorus lint`) or pick another one with --file.',
    });
  }

  const after = lintWorkspace(withCalendarText(raw, file, newText), { now: options.now, published });
  const added = newProblems(before.problems, after.problems);
  const style = io.color ? chalkStyle(chalk) : plainStyle;
  const addedErrors = added.filter((p) => p.severity === 'error');
  if (addedErrors.length > 0) {
    io.stderr(formatStylish(toLintResults(added, [...new Set(added.map((p) => p.file))]), { style }));
    io.stderr(
      `chorus: not added: the post would add ${addedErrors.length} lint error${addedErrors.length === 1 ? '' : 's'}; nothing was written.\n`,
    );
    return ExitCode.problems;
  }

  const entry = after.timeline.byAccount.get(options.account)?.find((e) => e.post.id === id);
  const when = entry?.at
    ? `${localParts(entry.at, account.timezone).date} ${localParts(entry.at, account.timezone).time} ${account.timezone} (${toLocalIso(entry.at, account.timezone)}), ${entry.source === 'explicit' ? 'explicit time' : 'from a slot'}`
    : 'not placed';
  if (options.dryRun) {
    let common = 0;
    while (common < oldText.length && oldText[common] === newText[common]) common++;
    io.stdout(
      `Would add ${id} to ${file} at ${when}:\n${newText.slice(oldText.lastIndexOf('\n', common - 1) + 1)}`,
    );
    return ExitCode.ok;
  }
  await writeWorkspaceFile(options.root, file, newText);
  io.stdout(`Added ${id} to ${file}: ${when}\n`);
  const warnings = added.filter((p) => p.severity === 'warn');
  if (warnings.length > 0)
    io.stderr(formatStylish(toLintResults(warnings, [...new Set(warnings.map((p) => p.file))]), { style }));
  return ExitCode.ok;
}
