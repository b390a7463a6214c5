// The validate stage: raw YAML values → typed Accounts, Posts and settings, plus located schema problems.

import { DEFAULT_TRACKING_PARAMS } from './tracking-defaults.js';
import type { MediaInfo } from '../workspace/media-file.js';
import type { RawWorkspace } from '../workspace/read.js';
import type { PathSegment, YamlSource } from '../workspace/yaml-source.js';
import { describeRoot } from './calendar.js';
import { findingsFromIssues } from './issues.js';
import { BUILTIN_PLATFORMS } from '../platforms/index.js';
import type { PlatformRegistry } from '../platforms/registry.js';
import type { Platform } from '../platforms/types.js';
import {
  type AccountFile,
  accountFileSchema,
  accountFileSchemaFor,
  type ConfigFile,
  configFileSchema,
} from './schema.js';
import { quotedValue, secretIn } from './secrets.js';
import { localToInstant } from './time.js';
import {
  type Account,
  CATEGORIES,
  type CredentialRole,
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
  /** The networks accounts may live on (src/platforms/): their text rules and clients. */
  platforms: PlatformRegistry;
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
  /** Size and type of each image that may be uploaded, as found on disk (for each network's limits). */
  mediaInfo?: ReadonlyMap<string, MediaInfo>;
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

/** Default environment variable names for an account's credentials, by role key (docs/reference.md). */
export function defaultCredentialNames(
  accountId: string,
  roles: readonly CredentialRole[],
): Record<string, string> {
  return Object.fromEntries(roles.map((role) => [role.key, role.defaultName(accountId)]));
}

/** The account file schema of each network, built once per platform object. */
const schemas = new WeakMap<Platform, ReturnType<typeof accountFileSchemaFor>>();
function schemaOf(platform: Platform) {
  let schema = schemas.get(platform);
  if (!schema) {
    schema = accountFileSchemaFor(platform);
    schemas.set(platform, schema);
  }
  return schema;
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
export function validateWorkspace(
  raw: RawWorkspace,
  platforms: PlatformRegistry = BUILTIN_PLATFORMS,
): ValidationResult {
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
    const written = (value as Record<string, unknown>).platform;
    const platform = typeof written === 'string' ? platforms.get(written) : undefined;
    if (!platform) {
      // Without a known network the network's own fields cannot be checked; the common ones still are.
      const known = [...platforms.keys()].join(', ');
      if (typeof written === 'string') {
        problems.push(
          schemaProblem(
            source.file,
            source.locate(['platform']),
            `\`platform\` ${quotedValue(written)} is not a network Chorus knows; use one of ${known}`,
            `Write e.g. \`platform: ${[...platforms.keys()][0] ?? 'x'}\` (networks: ${known}; see docs/reference.md).`,
          ),
        );
      }
      const common = accountFileSchema.safeParse(value, { reportInput: true, jitless: true });
      if (!common.success) {
        // Top-level fields of a network (credentials, server, …) are unknown to the common schema: only a
        // known network can judge them.
        const issues = common.error.issues.filter(
          (issue) => !(issue.code === 'unrecognized_keys' && issue.path.length === 0),
        );
        for (const f of findingsFromIssues(issues, source, accountFileSchema, (p) =>
          p.length === 0 ? 'an account' : `a \`${String(p[p.length - 1])}\``,
        )) {
          problems.push(schemaProblem(source.file, f, f.message, f.hint));
        }
      }
      brokenAccounts.set(id, source.file);
      continue;
    }
    const schema = schemaOf(platform);
    const parsed = schema.safeParse(value, { reportInput: true, jitless: true });
    if (!parsed.success) {
      for (const f of findingsFromIssues(parsed.error.issues, source, schema, (p) =>
        p.length === 0 ? 'an account' : `a \`${String(p[p.length - 1])}\``,
      )) {
        problems.push(schemaProblem(source.file, f, f.message, f.hint));
      }
      brokenAccounts.set(id, source.file);
      continue;
    }
    const file = parsed.data as AccountFile;
    const clash = credentialClash(id, file.credentials, platform.account.credentials);
    if (clash) {
      problems.push(
        schemaProblem(source.file, source.locate(['credentials', clash.role]), clash.message, clash.hint),
      );
      brokenAccounts.set(id, source.file);
      continue;
    }
    const account = buildAccount(id, source, file, settings, platform);
    accounts.set(id, account);
    ruleSettings.push({
      scope: id,
      file: source.file,
      rules: file.rules ?? {},
      limits: file.limits ?? {},
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
      platforms,
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
      ...(raw.mediaInfo ? { mediaInfo: raw.mediaInfo } : {}),
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

/**
 * Two credentials of one account named by the same variable (defaults included), e.g. `access_secret:
 * CHORUS_X_APP_SECRET`: the names must be distinct, or one secret would stand for another. Located at the
 * name written in the file (the later one when both are written).
 */
function credentialClash(
  id: string,
  written: AccountFile['credentials'],
  roles: readonly CredentialRole[],
): { role: string; message: string; hint: string } | undefined {
  const seen = new Map<string, string>();
  const order = [...roles].sort(
    (a, b) => Number(written?.[a.key] !== undefined) - Number(written?.[b.key] !== undefined),
  );
  for (const role of order) {
    const name = credentialName(written?.[role.key]) ?? role.defaultName(id);
    const other = seen.get(name);
    if (other !== undefined) {
      return {
        role: role.key,
        message: `\`credentials.${role.key}\`: ${name} is also this account's \`${other}\`${written?.[other] === undefined ? ' (its default name)' : ''}; the ${roles.length} credentials need ${roles.length} different variables`,
        hint: `Give ${role.key} a variable of its own, e.g. ${role.defaultName(id)} (the defaults are ${roles.map((r) => r.example).join(', ')}).`,
      };
    }
    seen.set(name, role.key);
  }
  return undefined;
}

function buildAccount(
  id: string,
  source: YamlSource,
  file: AccountFile,
  settings: WorkspaceSettings,
  platform: Platform,
): Account {
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
    platform: platform.id,
    handle: file.handle.replace(/^@/, ''),
    name: file.name,
    kind: file.kind ?? 'brand',
    timezone: file.timezone,
    language: file.language,
    categories: file.categories ?? [...CATEGORIES],
    owner: file.owner,
    team: file.team ?? [],
    credentials: Object.fromEntries(
      platform.account.credentials.map((role) => [
        role.key,
        credentialName(file.credentials?.[role.key]) ?? role.defaultName(id),
      ]),
    ),
    settings: Object.fromEntries(
      Object.keys(platform.account.fields)
        .filter((field) => file[field] !== undefined)
        .map((field) => [field, file[field]]),
    ),
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
