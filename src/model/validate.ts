// The validate stage: raw YAML values → typed Accounts, Posts and settings, plus located schema problems.

import { DEFAULT_TRACKING_PARAMS } from '../tracking/defaults.js';
import type { RawWorkspace } from '../workspace/read.js';
import type { PathSegment, YamlSource } from '../workspace/yaml-source.js';
import { describeRoot } from './calendar.js';
import { findingsFromIssues } from './issues.js';
import { type AccountFile, accountFileSchema, type ConfigFile, configFileSchema } from './schema.js';
import { type CredentialRole, secretIn } from './secrets.js';
import { localToInstant } from './time.js';
import {
  type Account,
  CATEGORIES,
  type CredentialNames,
  type Limits,
  type Position,
  type Post,
  type PostTime,
  type Problem,
  type MediaFinding,
  type TrackingSettings,
  type WeeklySlots,
} from './types.js';

/** Workspace-wide settings from chorus.yaml. */
export interface WorkspaceSettings {
  limits: Limits;
  tracking: ConfigFile['tracking'];
  disclosure: string | undefined;
  horizonDays: number;
  /** How late a run may still send a post (chorus.yaml `publish.late_window_minutes`). */
  lateWindowMinutes: number;
}

/** Where rule settings were written, so the lint stage can check them against the rule registry. */
export interface RuleSettingsSource {
  /** "workspace" for chorus.yaml, else the account id. */
  scope: string;
  file: string;
  /** The `rules:` mapping as written. */
  rules: Record<string, unknown>;
  /** The `limits:` mapping as written. */
  limits: Limits;
  locate: (path: readonly PathSegment[], options?: { key?: boolean }) => Position;
}

/** A validated workspace: what every later stage works on. */
export interface Workspace {
  root: string;
  settings: WorkspaceSettings;
  accounts: Map<string, Account>;
  /** Every valid post, of known and unknown accounts, in calendar order. */
  posts: Post[];
  /** Every file read, workspace-relative. */
  files: string[];
  ruleSettings: RuleSettingsSource[];
  /** Calendar folders with no account file: account id → every calendar file in it, in path order. */
  calendarsWithoutAccount: Map<string, string[]>;
  /**
   * Accounts whose file exists but has errors (reported at their line): account id → file. Their calendars
   * are not "without an account", and `--account ID` still knows the id.
   */
  brokenAccounts: Map<string, string>;
  strayFiles: string[];
  /** Parsed account files and chorus.yaml, for rules that inspect what was written (secret-in-config). */
  configSources: { file: string; value: unknown; locate: YamlSource['locate'] }[];
  /** Calendar files that could not be used at all (syntax errors), so publish can skip their posts. */
  brokenFiles: Set<string>;
  /**
   * Media files as found on disk by the read stage: file → what is wrong with it (undefined: fine).
   * Undefined for workspaces that were not read from disk (nothing to check).
   */
  mediaFiles?: ReadonlyMap<string, MediaFinding | undefined>;
}

export interface ValidationResult {
  workspace: Workspace;
  problems: Problem[];
}

export const DEFAULT_HORIZON_DAYS = 90;
/** Default of `publish.late_window_minutes` (docs/publishing.md, docs/scheduling.md). */
export const DEFAULT_LATE_WINDOW_MINUTES = 60;
const ACCOUNT_ID = /^[a-z0-9][a-z0-9_-]*$/;
const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Default environment variable names for an account's credentials (documented in docs/reference.md). */
export function defaultCredentialNames(accountId: string): CredentialNames {
  const stem = accountId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return {
    appKey: 'CHORUS_X_APP_KEY',
    appSecret: 'CHORUS_X_APP_SECRET',
    accessToken: `CHORUS_${stem}_ACCESS_TOKEN`,
    accessSecret: `CHORUS_${stem}_ACCESS_SECRET`,
  };
}

/** Expand the `slots:` section into seven sorted lists, Sunday first. */
export function weeklySlots(slots: AccountFile['slots']): WeeklySlots {
  return DAY_KEYS.map((day, weekday) => {
    const weekend = weekday === 0 || weekday === 6;
    const list = slots?.[day] ?? (weekend ? slots?.weekends : slots?.weekdays) ?? slots?.daily ?? [];
    return [...new Set(list)].sort();
  });
}

function schemaProblem(file: string, position: Position, message: string, hint?: string): Problem {
  return { ruleId: 'schema', severity: 'error', file, ...position, message, ...(hint ? { hint } : {}) };
}

/** Validate everything that was read. Pure: no filesystem, no clock. */
export function validateWorkspace(raw: RawWorkspace): ValidationResult {
  const problems: Problem[] = [];
  const files: string[] = [];
  const configSources: Workspace['configSources'] = [];
  const ruleSettings: RuleSettingsSource[] = [];
  const brokenFiles = new Set<string>();

  const syntaxProblems = (source: YamlSource): boolean => {
    for (const p of source.problems) problems.push(schemaProblem(source.file, p, p.message, p.hint));
    if (source.problems.length > 0) brokenFiles.add(source.file);
    return source.problems.length === 0;
  };

  // chorus.yaml
  let config: ConfigFile = {};
  if (raw.config) {
    files.push(raw.config.file);
    if (syntaxProblems(raw.config)) {
      const value = raw.config.value ?? {};
      // Few files: compiling zod's fast parser for this schema would cost more than it saves.
      const parsed = configFileSchema.safeParse(value, { reportInput: true, jitless: true });
      if (parsed.success) config = parsed.data;
      else {
        for (const f of findingsFromIssues(
          parsed.error.issues,
          raw.config,
          configFileSchema,
          () => 'a chorus.yaml',
        )) {
          problems.push(schemaProblem(raw.config.file, f, f.message, f.hint));
        }
      }
      configSources.push({ file: raw.config.file, value, locate: raw.config.locate });
      ruleSettings.push({
        scope: 'workspace',
        file: raw.config.file,
        rules: config.rules ?? {},
        limits: config.limits ?? {},
        locate: raw.config.locate,
      });
    }
  }
  const settings: WorkspaceSettings = {
    limits: config.limits ?? {},
    tracking: config.tracking,
    disclosure: config.disclosure,
    horizonDays: config.planning?.horizon_days ?? DEFAULT_HORIZON_DAYS,
    lateWindowMinutes: config.publish?.late_window_minutes ?? DEFAULT_LATE_WINDOW_MINUTES,
  };

  // accounts/*.yaml
  const accounts = new Map<string, Account>();
  const brokenAccounts = new Map<string, string>();
  for (const { id, source } of raw.accounts) {
    files.push(source.file);
    if (!syntaxProblems(source)) {
      if (ACCOUNT_ID.test(id)) brokenAccounts.set(id, source.file);
      continue;
    }
    configSources.push({ file: source.file, value: source.value, locate: source.locate });
    if (!ACCOUNT_ID.test(id)) {
      problems.push(
        schemaProblem(
          source.file,
          { line: 1, column: 1 },
          `"${id}" is not a usable account id (the file name is the id)`,
          'Rename the file using lower-case letters, digits, "-" and "_", e.g. accounts/acme-news.yaml.',
        ),
      );
      continue;
    }
    const value = source.value ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(
        schemaProblem(
          source.file,
          source.locate([]),
          `An account file is a mapping of fields (platform, handle, timezone, …), but this file holds ${describeRoot(value)}`,
          'Write one "field: value" per line at the left margin, like handle: "@acme".',
        ),
      );
      brokenAccounts.set(id, source.file);
      continue;
    }
    const parsed = accountFileSchema.safeParse(value, { reportInput: true, jitless: true });
    if (!parsed.success) {
      for (const f of findingsFromIssues(parsed.error.issues, source, accountFileSchema, (p) =>
        p.length === 0 ? 'an account' : `a \`${String(p[p.length - 1])}\``,
      )) {
        problems.push(schemaProblem(source.file, f, f.message, f.hint));
      }
      brokenAccounts.set(id, source.file);
      continue;
    }
    const clash = credentialClash(id, parsed.data.credentials);
    if (clash) {
      problems.push(
        schemaProblem(source.file, source.locate(['credentials', clash.role]), clash.message, clash.hint),
      );
      brokenAccounts.set(id, source.file);
      continue;
    }
    const account = buildAccount(id, source, parsed.data, settings);
    accounts.set(id, account);
    ruleSettings.push({
      scope: id,
      file: source.file,
      rules: parsed.data.rules ?? {},
      limits: parsed.data.limits ?? {},
      locate: source.locate,
    });
  }

  // content/<account>/**/*.yaml (each file already validated on its own, see calendar.ts)
  const posts: Post[] = [];
  const calendarsWithoutAccount = new Map<string, string[]>();
  const order = new Map<string, number>();
  for (const calendar of raw.calendars) {
    const accountId = calendar.account;
    files.push(calendar.file);
    problems.push(...calendar.problems);
    if (calendar.broken) brokenFiles.add(calendar.file);
    if (!calendar.readable) continue;
    const account = accounts.get(accountId);
    if (!account && !brokenAccounts.has(accountId)) {
      const list = calendarsWithoutAccount.get(accountId);
      if (list) list.push(calendar.file);
      else calendarsWithoutAccount.set(accountId, [calendar.file]);
    }
    for (const draft of calendar.posts) {
      const n = order.get(accountId) ?? 0;
      order.set(accountId, n + 1);
      // A fresh object: the calendar's drafts may be shared (cache, in-memory workspaces).
      const post: Post = { ...draft, order: n };
      if (account) {
        const dst = checkLocalTimes(post, account);
        if (dst.length > 0) {
          problems.push(...dst);
          continue;
        }
      }
      posts.push(post);
    }
  }

  return {
    workspace: {
      root: raw.root,
      settings,
      accounts,
      posts,
      files,
      ruleSettings,
      calendarsWithoutAccount,
      brokenAccounts,
      strayFiles: raw.strayFiles,
      configSources,
      brokenFiles,
      ...(raw.media ? { mediaFiles: raw.media } : {}),
    },
    problems,
  };
}

/**
 * A credential name as written, unless it is a secret pasted in its place (the schema lets those
 * through for `secret-in-config` to report): then the default name is used, so the value is never
 * used as a name and never printed in a "variable not set" message.
 */
function credentialName(written: string | undefined): string | undefined {
  return written !== undefined && secretIn(written) === undefined ? written : undefined;
}

const CREDENTIAL_ROLES = ['app_key', 'app_secret', 'access_token', 'access_secret'] as const;
const DEFAULT_NAME_OF_ROLE = {
  app_key: 'appKey',
  app_secret: 'appSecret',
  access_token: 'accessToken',
  access_secret: 'accessSecret',
} as const satisfies Record<CredentialRole, keyof CredentialNames>;

/**
 * Two credentials of one account named by the same variable (defaults included), e.g. `access_secret:
 * CHORUS_X_APP_SECRET`: the four names must be distinct, or one secret would stand for another. Located
 * at the name written in the file (the later one when both are written).
 */
function credentialClash(
  id: string,
  written: AccountFile['credentials'],
): { role: CredentialRole; message: string; hint: string } | undefined {
  const defaults = defaultCredentialNames(id);
  const seen = new Map<string, CredentialRole>();
  const order = [...CREDENTIAL_ROLES].sort(
    (a, b) => Number(written?.[a] !== undefined) - Number(written?.[b] !== undefined),
  );
  for (const role of order) {
    const name = credentialName(written?.[role]) ?? defaults[DEFAULT_NAME_OF_ROLE[role]];
    const other = seen.get(name);
    if (other !== undefined) {
      return {
        role,
        message: `\`credentials.${role}\`: ${name} is also this account's \`${other}\`${written?.[other] === undefined ? ' (its default name)' : ''}; the four credentials need four different variables`,
        hint: `Give ${role} a variable of its own, e.g. ${defaults[DEFAULT_NAME_OF_ROLE[role]]} (the defaults are CHORUS_X_APP_KEY, CHORUS_X_APP_SECRET, CHORUS_<ACCOUNT>_ACCESS_TOKEN and CHORUS_<ACCOUNT>_ACCESS_SECRET).`,
      };
    }
    seen.set(name, role);
  }
  return undefined;
}

function buildAccount(
  id: string,
  source: YamlSource,
  file: AccountFile,
  settings: WorkspaceSettings,
): Account {
  const defaults = defaultCredentialNames(id);
  const limits: Limits = { ...settings.limits, ...file.limits };
  if (settings.limits.max_per_category_per_day || file.limits?.max_per_category_per_day) {
    limits.max_per_category_per_day = {
      ...settings.limits.max_per_category_per_day,
      ...file.limits?.max_per_category_per_day,
    };
  }
  const tracking: TrackingSettings = {
    enabled: file.tracking?.enabled ?? settings.tracking?.enabled ?? true,
    domains: (file.tracking?.domains ?? settings.tracking?.domains ?? []).map((d) => d.toLowerCase()),
    categories: file.tracking?.categories ?? settings.tracking?.categories ?? [...CATEGORIES],
    params: file.tracking?.params ?? settings.tracking?.params ?? { ...DEFAULT_TRACKING_PARAMS },
  };
  return {
    id,
    file: source.file,
    position: { line: 1, column: 1 },
    platform: file.platform,
    handle: file.handle.replace(/^@/, ''),
    name: file.name,
    kind: file.kind ?? 'brand',
    timezone: file.timezone,
    language: file.language,
    categories: file.categories ?? [...CATEGORIES],
    owner: file.owner,
    team: file.team ?? [],
    credentials: {
      appKey: credentialName(file.credentials?.app_key) ?? defaults.appKey,
      appSecret: credentialName(file.credentials?.app_secret) ?? defaults.appSecret,
      accessToken: credentialName(file.credentials?.access_token) ?? defaults.accessToken,
      accessSecret: credentialName(file.credentials?.access_secret) ?? defaults.accessSecret,
    },
    slots: weeklySlots(file.slots),
    limits,
    rules: file.rules ?? {},
    tracking,
    disclosure: file.disclosure ?? (file.kind === 'employee' ? settings.disclosure : undefined),
    templates: file.templates ?? {},
    fieldPositions: source.keyPositions([]),
  };
}

/** A local time inside a DST gap does not exist: report it rather than guess. */
function checkLocalTimes(post: Post, account: Account): Problem[] {
  const out: Problem[] = [];
  for (const field of ['at', 'expires'] as const) {
    const when: PostTime | undefined = post[field];
    if (when?.kind !== 'datetime' || when.offset !== undefined) continue;
    const resolved = localToInstant(when.date, when.time, account.timezone);
    if (resolved.fold === 'gap') {
      out.push({
        ...schemaProblem(
          post.file,
          post.fieldPositions[field] ?? post.position,
          `\`${field}\` ${when.date} ${when.time} does not exist in ${account.timezone}: the clocks skip that hour for daylight saving time`,
          'Pick a time outside the skipped hour (e.g. one hour later), or give an explicit UTC offset.',
        ),
        account: account.id,
        postId: post.id,
      });
    }
  }
  return out;
}
