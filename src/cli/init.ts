// `chorus init [DIR]`: a working workspace in one command (package.json, chorus.yaml, an example account
// and calendar, .gitignore, .env.example) and, on request, the GitHub workflows, from templates/ in the package.

import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolveInWorkspace, UnsafeFileError } from '../workspace/safe-file.js';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { timeZoneProblem } from '../model/time.js';
import { defaultCredentialNames } from '../model/validate.js';
import { BUILTIN_PLATFORMS } from '../platforms/index.js';
import type { CliIO } from './io.js';

/** The npm name of Chorus (the command stays `chorus`). */
export const PACKAGE_NAME = 'chorus-cli';
/**
 * How a new workspace depends on Chorus until chorus-cli is on the npm registry: the git repository
 * (npm builds it on install). Once published, `^<version>`.
 */
export const DEFAULT_DEPENDENCY = 'github:chorus-cli/chorus';

/** The workflows `--workflows` writes, from templates/workflows/ (the files docs/publishing.md shows). */
export const WORKFLOW_FILES = ['chorus-lint.yml', 'chorus-publish.yml', 'chorus-deals.yml'] as const;

const ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]*$/;

export interface InitOptions {
  /** The folder to create the workspace in (absolute); created when missing. */
  dir: string;
  /** The folder as the user typed it, for messages. */
  dirName: string;
  /** Id of the example account (its file name). */
  account: string;
  /** The example account's zone; undefined: this computer's zone (UTC when that is not an IANA name). */
  timezone: string | undefined;
  /** The devDependency spec for Chorus in package.json. */
  dependency: string;
  /** Write the workspace files (false with --workflows-only). */
  workspace: boolean;
  /** Write .github/workflows/chorus-*.yml. */
  workflows: boolean;
  now: Date;
}

/** Where the templates are: templates/ at the package root (two levels above dist/bundle, dist/cli and src/cli). */
const TEMPLATES = new URL('../../templates/', import.meta.url);

async function template(name: string): Promise<string> {
  return readFile(new URL(name, TEMPLATES), 'utf8');
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/__([A-Z_]+?)__/g, (whole, key: string) => values[key] ?? whole);
}

/** A date "YYYY-MM-DD" in `zone`, `days` after `now`, moved forward to a weekday. */
function weekdayAfter(now: Date, days: number, zone: string): string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const day = new Date(Date.parse(`${format.format(now)}T12:00:00Z`) + days * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** An X handle made from the account id: letters, digits and `_`, at most 15 characters. */
function handleFor(account: string): string {
  return account.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 15);
}

function packageJson(dir: string, dependency: string): string {
  const name =
    path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[._-]+|[-_.]+$/g, '') || 'chorus-workspace';
  const value = {
    name,
    private: true,
    description: 'Content calendars, published with Chorus',
    scripts: { lint: 'chorus lint', plan: 'chorus plan' },
    devDependencies: { [PACKAGE_NAME]: dependency },
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Whether an existing package.json already depends on Chorus (then init keeps it). */
async function dependsOnChorus(file: string): Promise<boolean> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    return Boolean(value.devDependencies?.[PACKAGE_NAME] ?? value.dependencies?.[PACKAGE_NAME]);
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** The files init writes: workspace-relative path → text. */
export async function initFiles(options: InitOptions & { timezone: string }): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (options.workspace) {
    // The templates write an account on X, the network the example workspace starts from.
    const names = defaultCredentialNames(options.account, BUILTIN_PLATFORMS.get('x')!.account.credentials);
    const date = weekdayAfter(options.now, 7, options.timezone);
    const values = {
      ACCOUNT: options.account,
      HANDLE: handleFor(options.account),
      TIMEZONE: options.timezone,
      ACCESS_TOKEN: names.access_token!,
      ACCESS_SECRET: names.access_secret!,
      DATE: date,
      NEXT_DATE: weekdayAfter(new Date(`${date}T12:00:00Z`), 1, 'UTC'),
      MONTH: date.slice(0, 7),
    };
    files.set('package.json', packageJson(options.dir, options.dependency));
    files.set('chorus.yaml', await template('workspace/chorus.yaml'));
    files.set(`accounts/${options.account}.yaml`, fill(await template('workspace/account.yaml'), values));
    files.set(
      `content/${options.account}/${values.MONTH}.yaml`,
      fill(await template('workspace/calendar.yaml'), values),
    );
    // npm leaves files named .gitignore out of packages, so the templates drop the dot.
    files.set('.gitignore', await template('workspace/gitignore'));
    files.set(
      '.env.example',
      `${await template('workspace/env.example')}# The access token and secret of @${values.HANDLE} (accounts/${options.account}.yaml):\n` +
        `${names.access_token}=\n${names.access_secret}=\n`,
    );
  }
  if (options.workflows) {
    for (const name of WORKFLOW_FILES)
      files.set(`.github/workflows/${name}`, await template(`workflows/${name}`));
  }
  return files;
}

/** Run `chorus init`; returns the exit code. Writes nothing when any file it would write exists. */
export async function initCommand(options: InitOptions, io: CliIO): Promise<number> {
  if (!ACCOUNT_ID.test(options.account)) {
    throw new UsageError(
      `"${options.account}" is not a usable account id`,
      'Use lower-case letters, digits, "-" and "_", e.g. --account acme-news (it becomes accounts/acme-news.yaml).',
    );
  }
  let timezone = options.timezone;
  if (timezone === undefined) {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    timezone = local && timeZoneProblem(local) === undefined ? local : 'UTC';
  }
  const zoneProblem = timeZoneProblem(timezone);
  if (zoneProblem) throw new UsageError(`--timezone: ${zoneProblem}`);
  const folder = await lstat(options.dir).catch(() => undefined);
  if (folder && !folder.isDirectory()) {
    throw new UsageError(
      `${options.dirName} exists and is not a folder.`,
      'Name a new or existing folder: chorus init my-posts.',
    );
  }
  const files = await initFiles({ ...options, timezone });

  const conflicts: string[] = [];
  for (const relative of files.keys()) {
    const target = path.join(options.dir, relative);
    if (!(await exists(target))) continue;
    // A package.json that already depends on Chorus (npm install --save-dev chorus-cli first) is kept.
    if (relative === 'package.json' && (await dependsOnChorus(target))) files.delete(relative);
    else conflicts.push(relative);
  }
  if (conflicts.length > 0) {
    throw new UsageError(
      `${options.dirName === '.' ? 'This folder' : options.dirName} already has ${conflicts.join(', ')}; chorus init never overwrites a file, so nothing was written.`,
      'Move those files away, or run chorus init in a new folder (chorus init my-posts). ' +
        'For the workflows alone, run chorus init --workflows-only.',
    );
  }
  // A folder on the way that is a link out of the target (a committed .github → elsewhere) is refused
  // before anything is written: init never writes outside the folder it sets up.
  await mkdir(options.dir, { recursive: true });
  const outside: string[] = [];
  for (const relative of files.keys()) {
    try {
      await resolveInWorkspace(options.dir, relative);
    } catch (error) {
      if (!(error instanceof UnsafeFileError)) throw error;
      if (error.reason !== 'missing') outside.push(relative);
    }
  }
  if (outside.length > 0) {
    throw new UsageError(
      `${outside.join(', ')} would be written through a link out of ${options.dirName === '.' ? 'this folder' : options.dirName}; nothing was written.`,
      'Remove the link (or point it inside the folder) and run chorus init again.',
    );
  }
  for (const [relative, text] of files) {
    const target = path.join(options.dir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    // 'wx': fail rather than overwrite a file that appeared since the check.
    await writeFile(target, text, { flag: 'wx' });
  }

  const where = options.dirName === '.' ? 'this folder' : options.dirName;
  io.stdout(`Created in ${where}:\n${[...files.keys()].map((f) => `  ${f}\n`).join('')}`);
  const cd = options.dirName === '.' ? '' : `  cd ${options.dirName}\n`;
  if (options.workspace) {
    io.stdout(
      `\nNext:\n${cd}  npm install\n  npx --no-install chorus lint\n  npx --no-install chorus publish --dry-run\n` +
        '\nCommit everything, package-lock.json included (the workflows install from it with npm ci).\n' +
        'To publish, copy .env.example to .env and fill it in (or set the same names as CI secrets);\n' +
        'to rehearse without credentials, run npx --no-install chorus sandbox.\n',
    );
  }
  if (options.workflows) {
    io.stdout(
      "\nThe workflows need repository secrets (CHORUS_X_APP_KEY, CHORUS_X_APP_SECRET and each account's two\n" +
        'variables, listed by `npx --no-install chorus accounts`); chorus-deals.yml also needs CHORUS_FEED_URL and\n' +
        'the variables CHORUS_FEED_ACCOUNT and CHORUS_FEED_APPROVER. See the comment at the top of each file.\n',
    );
  }
  return 0;
}
