// `chorus add`: write one post into an account's calendar, keeping the file's bytes, after linting the result.
import { validateWorkspace } from '../model/validate.js';
import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import chalk from 'chalk';
import { ExitCode, UsageError, WorkspaceError } from '../errors.js';
import { toLintResults } from '../format/lint-results.js';
import { chalkStyle, plainStyle } from '../format/style.js';
import { formatStylish } from '../format/stylish.js';
import { type Analysis, analyseWorkspace } from '../pipeline/analyse.js';
import { postSchema } from '../model/schema.js';
import {
  localDate,
  localParts,
  localToInstant,
  parseWhen,
  postTimeToInstant,
  toLocalIso,
} from '../model/time.js';
import type { Account, Category, Problem } from '../model/types.js';
import type { TimelineEntry } from '../schedule/timeline.js';
import { type PostFields, upsertPost } from '../workspace/calendar-edit.js';
import { withCalendarText } from '../workspace/memory.js';
import { readStateLedgers } from './state-store.js';
import { readCalendarText, readWorkspace } from '../workspace/read.js';
import { writeWorkspaceFile } from '../workspace/write.js';
import { type CliIO, platformsOf } from './io.js';
import { checkAccountIds, refuseChannelKey } from './options.js';

export interface AddOptions {
  root: string;
  account: string;
  category: Category;
  text: string;
  at: string | undefined;
  link: string | undefined;
  expires: string | undefined;
  id: string | undefined;
  /** Reply parts of a thread (`--thread`, in order). */
  thread: string[];
  /** Image files (`--media`), workspace-relative or absolute; each needs the `--alt` of the same rank. */
  media: string[];
  alt: string[];
  approvedBy: string | undefined;
  author: string | undefined;
  /** Write the planned slot as an explicit `at` (for a queued or date-only post). */
  pin: boolean;
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

/** Option names for the calendar fields, to word schema errors in the user's terms. */
const OPTION_OF: Record<string, string> = {
  id: '--id',
  text: '--text',
  link: '--link',
  category: '--category',
  thread: '--thread',
  media: '--media',
  approved_by: '--approved-by',
  author: '--author',
  at: '--at',
  expires: '--expires',
};

/** Check the options with the same schema that reads calendars; returns the post as it will be written. */
function postFields(options: AddOptions, id: string | undefined, media: readonly string[]): PostFields {
  for (const [name, value] of [
    ['--at', options.at],
    ['--expires', options.expires],
  ] as const) {
    if (value === undefined) continue;
    const parsed = parseWhen(value);
    if ('error' in parsed) throw new UsageError(`${name}: ${parsed.error}`);
  }
  if (options.alt.length !== options.media.length) {
    throw new UsageError(
      options.alt.length < options.media.length
        ? `${options.media.length} --media but ${options.alt.length} --alt: every image needs its alt text.`
        : `${options.alt.length} --alt but ${options.media.length} --media: each --alt describes the --media of the same rank.`,
      'Give one --alt after each --media, e.g. --media media/boots.png --alt "Brown leather boots".',
    );
  }
  const emptyPart = options.thread.findIndex((part) => part.trim() === '');
  if (emptyPart >= 0)
    throw new UsageError(`--thread (the ${ordinal(emptyPart + 1)}): a thread part must not be empty.`);
  // Field order as people write calendars: what, when, where it links, then who.
  const fields: PostFields = { id: id ?? 'placeholder', category: options.category, text: options.text };
  if (options.thread.length > 0) fields.thread = [...options.thread];
  if (options.at !== undefined) fields.at = options.at;
  if (options.link !== undefined) fields.link = options.link;
  if (options.expires !== undefined) fields.expires = options.expires;
  if (media.length > 0) fields.media = media.map((file, index) => ({ file, alt: options.alt[index]! }));
  if (options.author !== undefined) fields.author = options.author;
  if (options.approvedBy !== undefined) fields.approved_by = options.approvedBy;
  const parsed = postSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const option = OPTION_OF[String(issue.path[0])] ?? String(issue.path[0]);
    const rank = typeof issue.path[1] === 'number' ? ` (the ${ordinal(issue.path[1] + 1)})` : '';
    throw new UsageError(`${option}${rank}: ${issue.message}`);
  }
  return fields;
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

/**
 * Each --media file as written in the calendar: the path relative to the workspace root of the file it
 * really is (links resolved), which must be a regular file inside the workspace.
 */
async function mediaFiles(root: string, files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const realRoot = await realpath(root);
  const out: string[] = [];
  for (const file of files) {
    let real: string;
    try {
      real = await realpath(path.resolve(root, file));
    } catch {
      throw new UsageError(
        `--media ${file}: there is no such file.`,
        'The path is relative to the workspace root, e.g. media/boots.png.',
      );
    }
    const relative = path.relative(realRoot, real);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new UsageError(
        `--media ${file} is outside the workspace.`,
        'Copy the image into the workspace (e.g. under media/) and commit it with the calendar.',
      );
    }
    if (!(await stat(real)).isFile()) throw new UsageError(`--media ${file} is not a regular file.`);
    out.push(relative.split(path.sep).join('/'));
  }
  return out;
}

/** "content/<account>/YYYY-MM.yaml" for a local date "YYYY-MM-DD". */
function monthFile(account: string, date: string): string {
  return `content/${account}/${date.slice(0, 7)}.yaml`;
}

/** The calendar --file names, checked to belong to the account. */
function givenFile(options: AddOptions, file: string): string {
  const folder = `content/${options.account}/`;
  const relative = path.relative(options.root, path.resolve(options.root, file)).split(path.sep).join('/');
  if (!relative.startsWith(folder) || !/\.ya?ml$/.test(relative)) {
    throw new UsageError(
      `--file ${file} is not a calendar of ${options.account}`,
      `Calendar files of this account live under ${folder} and end in .yaml.`,
    );
  }
  return relative;
}

/** What a new calendar file starts with: the schema comment the other calendars have (for editors). */
const NEW_CALENDAR_HEADER = '# yaml-language-server: $schema=../../schemas/content.schema.json\n\n';

/** `at` for a planned instant: local "YYYY-MM-DD HH:MM" when that names exactly this instant, else ISO with offset. */
export function pinnedAt(instant: Date, zone: string): string {
  const { date, time } = localParts(instant, zone);
  const back = localToInstant(date, time, zone);
  return back.fold === 'none' && back.instant.getTime() === instant.getTime()
    ? `${date} ${time}`
    : toLocalIso(instant, zone);
}

/** One try of the edit: the post written into `file`, and the workspace linted with it. */
interface Attempt {
  file: string;
  oldText: string;
  newText: string;
  after: Analysis;
  entry: TimelineEntry | undefined;
}

/** When the post goes out, in words, and whether its time is written in the file. */
function describeTime(
  attempt: Attempt,
  account: Account,
  fields: PostFields,
  pinned: boolean,
  now: Date,
): string {
  const entry = attempt.entry;
  if (!entry?.at) {
    const reason = entry?.unplacedReason ?? 'it got no slot';
    return `queued, but no slot is free for it (${reason}); the time is not written`;
  }
  const { date, time } = localParts(entry.at, account.timezone);
  const when = `${date} ${time} ${account.timezone} (${toLocalIso(entry.at, account.timezone)})`;
  if (pinned) return `${when}, pinned: the slot it got is written as its at`;
  if (entry.source === 'explicit') return `${when}, explicit time`;
  const dateOnly = typeof fields.at === 'string';
  const slot = dateOnly ? `a free slot of ${String(fields.at)}` : 'next free slot';
  const due = entry.at.getTime() <= now.getTime() ? ', already due: the next publish run sends it' : '';
  return `${dateOnly ? `on ${String(fields.at)}` : 'queued'}: would go out at ${when} (${slot}${due}) — the time is not written; use --pin to keep it`;
}

/** Add the post, or explain why not; returns the exit code. */
export async function addCommand(options: AddOptions, io: CliIO): Promise<number> {
  postFields(options, options.id, options.media);
  if (options.file !== undefined) givenFile(options, options.file);
  const raw = await readWorkspace(options.root);
  const validated = validateWorkspace(raw, platformsOf(io));
  const published = (
    await readStateLedgers(options.root, raw, io, validated.workspace.accounts.values(), { warn: io.stderr })
  ).published;
  const before = analyseWorkspace(raw, {
    now: options.now,
    published,
    validated,
    platforms: platformsOf(io),
  });
  checkAccountIds([options.account], before.workspace.accounts.keys());
  refuseChannelKey(options.account);
  // An account with channels: its first channel stands for it here (the calendar, zone and people are the
  // account's); the post goes to every channel.
  const channels = before.workspace.channels.get(options.account)!;
  const account = channels[0]!;
  const keys = new Set(channels.map((channel) => channel.id));
  if (!account.categories.includes(options.category)) {
    throw new UsageError(
      `${options.account} does not post category ${options.category}`,
      `Its categories are: ${account.categories.join(', ')}.`,
    );
  }

  const posts = before.workspace.posts.filter((p) => keys.has(p.account));
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
  const fields = postFields(options, id, await mediaFiles(options.root, options.media));

  const attempt = async (file: string, post: PostFields): Promise<Attempt> => {
    const oldText = await readCalendarText(options.root, file);
    let newText: string;
    try {
      newText = upsertPost(oldText ?? NEW_CALENDAR_HEADER, post).text;
    } catch (error) {
      throw new WorkspaceError(`Cannot add a post to ${file}: ${(error as Error).message}`, {
        file,
        hint: 'Fix the file (run `chorus lint`) or pick another one with --file.',
      });
    }
    const after = analyseWorkspace(withCalendarText(raw, file, newText), {
      now: options.now,
      published,
      platforms: platformsOf(io),
    });
    const entry = after.timeline.byAccount
      .get(account.id)
      ?.find((e) => e.post.id === id && e.post.file === file);
    return { file, oldText: oldText ?? '', newText, after, entry };
  };

  // The file: --file, else the calendar of the post's month: the month of its `at`, or for a queued post
  // the month it would go out in (which depends a little on the file, as the queue keeps calendar order).
  const explicitAt = fields.at === undefined ? undefined : parseWhen(String(fields.at));
  const startMonthDate =
    explicitAt && !('error' in explicitAt)
      ? explicitAt.kind === 'datetime' && explicitAt.offset
        ? localDate(postTimeToInstant(explicitAt, account.timezone)!.instant, account.timezone)
        : explicitAt.date
      : localDate(options.now, account.timezone);
  let result = await attempt(
    options.file !== undefined
      ? givenFile(options, options.file)
      : monthFile(options.account, startMonthDate),
    fields,
  );
  for (let tries = 0; options.file === undefined && fields.at === undefined && tries < 2; tries++) {
    if (!result.entry?.at) break;
    const month = monthFile(options.account, localDate(result.entry.at, account.timezone));
    if (month === result.file) break;
    result = await attempt(month, fields);
  }

  let pinned = false;
  if (options.pin && result.entry?.at && result.entry.source === 'slot') {
    fields.at = pinnedAt(result.entry.at, account.timezone);
    result = await attempt(result.file, fields);
    pinned = true;
  }

  const added = newProblems(before.problems, result.after.problems);
  const style = io.color ? chalkStyle(chalk) : plainStyle;
  const addedErrors = added.filter((p) => p.severity === 'error');
  if (addedErrors.length > 0) {
    io.stderr(formatStylish(toLintResults(added, [...new Set(added.map((p) => p.file))]), { style }));
    io.stderr(
      `chorus: not added: the post would add ${addedErrors.length} lint error${addedErrors.length === 1 ? '' : 's'}; nothing was written.\n`,
    );
    return ExitCode.problems;
  }

  const { file, oldText, newText } = result;
  const when = describeTime(result, account, fields, pinned, options.now);
  const created = oldText === '' && newText.startsWith(NEW_CALENDAR_HEADER) ? ' (new file)' : '';
  if (options.dryRun) {
    let common = 0;
    while (common < oldText.length && oldText[common] === newText[common]) common++;
    io.stdout(
      `Would add ${id} to ${file}${created}: ${when}\n${newText.slice(oldText.lastIndexOf('\n', common - 1) + 1)}`,
    );
    return ExitCode.ok;
  }
  await writeWorkspaceFile(options.root, file, newText);
  io.stdout(`Added ${id} to ${file}${created}: ${when}\n`);
  const warnings = added.filter((p) => p.severity === 'warn');
  if (warnings.length > 0)
    io.stderr(formatStylish(toLintResults(warnings, [...new Set(warnings.map((p) => p.file))]), { style }));
  return ExitCode.ok;
}
