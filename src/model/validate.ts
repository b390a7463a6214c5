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
  accountWithChannelsSchemaFor,
  type ChannelFile,
  type ConfigFile,
  configFileSchema,
} from './schema.js';
import { quotedValue, secretIn } from './secrets.js';
import { localToInstant } from './time.js';
import { postsForChannels } from './channels.js';
import {
  type Account,
  CATEGORIES,
  channelKey,
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
  /** "workspace" for chorus.yaml, else the account id or the channel key (`<account>@<network>`). */
  scope: string;
  /** For a channel's settings: the scope (account id) they apply over. */
  parent?: string;
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
  /**
   * Every channel by its key (see Account.id): a channel-less account is one channel keyed by its id; an
   * account with `channels:` is one entry per network, keyed `<account>@<network>`.
   */
  accounts: Map<string, Account>;
  /** Account id → its channels, in the order of the account file (one for a channel-less account). */
  channels: Map<string, Account[]>;
  /**
   * Every valid post, of known and unknown accounts, in calendar order; a post of an account with channels
   * is one Post per channel it goes to (its `account` is the channel key, its variant applied).
   */
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
    if ((value as Record<string, unknown>).channels !== undefined) {
      const built = accountWithChannels(id, source, value as Record<string, unknown>, settings, platforms);
      problems.push(...built.problems);
      if (built.channels.length === 0) {
        brokenAccounts.set(id, source.file);
        continue;
      }
      for (const channel of built.channels) accounts.set(channel.id, channel);
      ruleSettings.push(...built.ruleSettings);
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

  const channels = new Map<string, Account[]>();
  for (const account of accounts.values()) {
    const list = channels.get(account.accountId);
    if (list) list.push(account);
    else channels.set(account.accountId, [account]);
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
    const own = channels.get(accountId);
    const account = own?.[0];
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
      if (!own || !account) {
        posts.push(post);
        continue;
      }
      const dst = checkLocalTimes(post, account);
      if (dst.length > 0) {
        problems.push(...dst);
        continue;
      }
      if (own.length === 1 && !post.channels && !post.variants) posts.push(post);
      else {
        const expanded = postsForChannels(post, own);
        problems.push(...expanded.problems);
        posts.push(...expanded.posts);
      }
    }
  }

  return {
    workspace: {
      root: raw.root,
      platforms,
      settings,
      accounts,
      channels,
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

/** The schema of accounts with `channels:` for a registry, built once per registry. */
const channelSchemas = new WeakMap<PlatformRegistry, ReturnType<typeof accountWithChannelsSchemaFor>>();

/**
 * An account file with `channels:`: one Account per channel, in the order written, with the rule settings
 * of the account and of each channel (a channel's apply over its account's). No channels when it has errors.
 */
function accountWithChannels(
  id: string,
  source: YamlSource,
  value: Record<string, unknown>,
  settings: WorkspaceSettings,
  platforms: PlatformRegistry,
): { channels: Account[]; ruleSettings: RuleSettingsSource[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const misplaced = (['platform', 'handle'] as const).filter((field) => value[field] !== undefined);
  for (const field of misplaced) {
    problems.push(
      schemaProblem(
        source.file,
        source.locate([field], { key: true }),
        `\`${field}\` belongs inside each channel when the account has \`channels:\` (each channel is the account on one network)`,
        field === 'handle'
          ? 'Move the handle under its network, e.g. channels: { x: { handle: "@acme" } }, and delete this line.'
          : 'Delete this line: the key under `channels:` names the network (e.g. `x:` or `bluesky:`).',
      ),
    );
  }
  let schema = channelSchemas.get(platforms);
  if (!schema) {
    schema = accountWithChannelsSchemaFor([...platforms.values()]);
    channelSchemas.set(platforms, schema);
  }
  const rest = Object.fromEntries(
    Object.entries(value).filter(([key]) => !misplaced.includes(key as 'handle')),
  );
  const parsed = schema.safeParse(rest, { reportInput: true, jitless: true });
  if (!parsed.success) {
    for (const f of findingsFromIssues(parsed.error.issues, source, schema, (p) =>
      p.length === 0
        ? 'an account'
        : p.length === 2 && p[0] === 'channels'
          ? 'a channel'
          : `a \`${String(p[p.length - 1])}\``,
    )) {
      problems.push(schemaProblem(source.file, f, f.message, f.hint));
    }
  }
  if (!parsed.success || misplaced.length > 0) return { channels: [], ruleSettings: [], problems };
  const file = parsed.data as unknown as AccountFile & { channels: Record<string, ChannelFile | undefined> };
  const written = Object.keys(value.channels as object).filter((network) => file.channels[network]);
  const channels: Account[] = [];
  const ruleSettings: RuleSettingsSource[] = [
    {
      scope: id,
      file: source.file,
      rules: file.rules ?? {},
      limits: file.limits ?? {},
      locate: source.locate,
    },
  ];
  for (const [index, network] of written.entries()) {
    const platform = platforms.get(network)!;
    const own = file.channels[network]!;
    const clash = credentialClash(`${id}-${network}`, own.credentials, platform.account.credentials);
    if (clash) {
      problems.push(
        schemaProblem(
          source.file,
          source.locate(['channels', network, 'credentials', clash.role]),
          clash.message,
          clash.hint,
        ),
      );
      return { channels: [], ruleSettings: [], problems };
    }
    const channel = buildAccount(id, source, file, settings, platform, {
      network,
      first: index === 0,
      file: own,
    });
    channels.push(channel);
    ruleSettings.push({
      scope: channel.id,
      parent: id,
      file: source.file,
      rules: own.rules ?? {},
      limits: own.limits ?? {},
      locate: (path, options) => source.locate(['channels', network, ...path], options),
    });
  }
  return { channels, ruleSettings, problems };
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

/** Where a channel of an account with `channels:` differs from a channel-less account. */
interface ChannelPart {
  network: string;
  first: boolean;
  file: ChannelFile;
}

function buildAccount(
  id: string,
  source: YamlSource,
  file: AccountFile,
  settings: WorkspaceSettings,
  platform: Platform,
  channel?: ChannelPart,
): Account {
  const own = channel?.file;
  const limits: Limits = { ...settings.limits, ...file.limits, ...own?.limits };
  if (
    settings.limits.max_per_category_per_day ||
    file.limits?.max_per_category_per_day ||
    own?.limits?.max_per_category_per_day
  ) {
    limits.max_per_category_per_day = {
      ...settings.limits.max_per_category_per_day,
      ...file.limits?.max_per_category_per_day,
      ...own?.limits?.max_per_category_per_day,
    };
  }
  // What the network needs (handle, credentials, server, …) comes from the channel when there is one.
  const network: Record<string, unknown> & { handle: string; credentials?: AccountFile['credentials'] } =
    own ?? file;
  const key = channel ? channelKey(id, channel.network) : id;
  // Default variable names name the channel's network too: CHORUS_ACME_BLUESKY_APP_PASSWORD.
  const nameBase = channel ? `${id}-${channel.network}` : id;
  const tracking: TrackingSettings = {
    enabled: file.tracking?.enabled ?? settings.tracking?.enabled ?? true,
    domains: (file.tracking?.domains ?? settings.tracking?.domains ?? []).map((d) => d.toLowerCase()),
    categories: file.tracking?.categories ?? settings.tracking?.categories ?? [...CATEGORIES],
    params: file.tracking?.params ?? settings.tracking?.params ?? { ...DEFAULT_TRACKING_PARAMS },
  };
  const fieldPositions = source.keyPositions([]);
  if (channel) {
    const inChannel = source.keyPositions(['channels', channel.network]);
    fieldPositions.channel = source.locate(['channels', channel.network], { key: true });
    for (const [field, position] of Object.entries(inChannel)) fieldPositions[field] = position;
  }
  return {
    id: key,
    accountId: id,
    channel: channel?.network,
    inheritsLedger: channel?.first ?? false,
    file: source.file,
    position: channel ? fieldPositions.channel! : { line: 1, column: 1 },
    platform: platform.id,
    handle: network.handle.replace(/^@/, ''),
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
        credentialName(network.credentials?.[role.key]) ?? role.defaultName(nameBase),
      ]),
    ),
    settings: Object.fromEntries(
      Object.keys(platform.account.fields)
        .filter((field) => network[field] !== undefined)
        .map((field) => [field, network[field]]),
    ),
    slots: weeklySlots(own?.slots ?? file.slots),
    limits,
    rules: { ...file.rules, ...own?.rules },
    tracking,
    disclosure: file.disclosure ?? (file.kind === 'employee' ? settings.disclosure : undefined),
    templates: file.templates ?? {},
    fieldPositions,
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
        account: account.accountId,
        postId: post.id,
      });
    }
  }
  return out;
}
