// The zod schemas of every workspace file: the single source of truth for formats and JSON Schema.
import { z } from 'zod';
import {
  categorySchema,
  clockTimeSchema,
  credentialNameSchema,
  idSchema,
  languageSchema,
  personSchema,
  timeZoneSchema,
  whenSchema,
} from './fields.js';
import { noControlChars } from './control-chars.js';
import { limitsSchema } from './limits.js';
import { CATEGORIES, type CredentialRole } from './types.js';
import { FEED_PLACEHOLDERS, placeholderError, TRACKING_PLACEHOLDERS } from './placeholders.js';

/** A template string whose `{placeholders}` must all be in `known`. */
function templateSchema(known: readonly string[]) {
  return z.string().check((context) => {
    const error = placeholderError(context.value, known);
    if (error) context.issues.push({ code: 'custom', message: error, input: context.value });
  });
}

export const severitySchema = z.enum(['off', 'warn', 'error'], {
  error: 'a rule severity is "off", "warn" or "error"',
});

/** `rules:` maps a rule id to a severity, or to an object of options with an optional `severity`. */
export const rulesSettingSchema = z
  .record(z.string(), z.union([severitySchema, z.looseObject({ severity: severitySchema.optional() })]))
  .describe('Rule severities and options, e.g. {min-gap: warn, promo-share: {max: 0.25}}');

const slotListSchema = z.array(clockTimeSchema).describe('Local times of day, e.g. ["09:00", "17:30"]');
export const slotsSchema = z
  .strictObject({
    daily: slotListSchema.optional(),
    weekdays: slotListSchema.optional(),
    weekends: slotListSchema.optional(),
    mon: slotListSchema.optional(),
    tue: slotListSchema.optional(),
    wed: slotListSchema.optional(),
    thu: slotListSchema.optional(),
    fri: slotListSchema.optional(),
    sat: slotListSchema.optional(),
    sun: slotListSchema.optional(),
  })
  .describe('Posting slots in local time; a day name beats weekdays/weekends, which beat daily');

export const trackingSchema = z
  .strictObject({
    enabled: z.boolean().optional().describe('Add tracking codes at all (default true)'),
    domains: z
      .array(z.string().min(1))
      .optional()
      .describe('Link hosts that get codes (subdomains included)'),
    categories: z
      .array(categorySchema)
      .optional()
      .describe('Categories whose links get codes (default: all)'),
    params: z
      .record(z.string().min(1), templateSchema(TRACKING_PLACEHOLDERS))
      .optional()
      .describe('Query parameters to add; placeholders {account} {category} {id} {date} {platform} {code}'),
  })
  .describe('Tracking codes on links');

const urlSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: 'must be an absolute http(s) URL, like https://shop.example.com/item' },
);

const threadSchema = z.array(
  z
    .string()
    .trim()
    .min(1)
    .refine(...noControlChars()),
);

const mediaSchema = z
  .array(
    z.strictObject({
      file: z
        .string()
        .min(1)
        .refine(...noControlChars({ oneLine: true }))
        .describe('Path relative to the workspace root'),
      alt: z
        .string()
        .trim()
        .min(1, { error: 'every image needs alt text' })
        .refine(...noControlChars())
        .describe('Alt text'),
    }),
  )
  .max(4, { error: 'at most 4 images per post (no network takes more)' });

/** A network id as a key or list item in a calendar (`channels:`, `variants:`); validate checks it is a channel. */
const networkNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'a channel is named by its network id, like "x" or "bluesky"' });

const contentWarningSchema = z
  .string()
  .trim()
  .min(1, { error: 'a content warning must not be empty' })
  .max(500)
  .refine(...noControlChars({ oneLine: true }));

const postTextSchema = z
  .string()
  .trim()
  .min(1, { error: '`text` must not be empty' })
  .refine(...noControlChars());

const linkSchema = urlSchema.refine(...noControlChars({ oneLine: true }));

export const postSchema = z
  .strictObject({
    id: idSchema,
    category: categorySchema,
    text: postTextSchema.describe('The post text'),
    at: whenSchema.optional(),
    link: linkSchema.optional().describe('Link appended to the text (gets a tracking code)'),
    expires: whenSchema.optional().describe('When a deal ends; a date means the end of that local day'),
    thread: threadSchema.optional().describe('Follow-up parts, posted as replies'),
    media: mediaSchema.optional().describe('Up to 4 images, each with alt text'),
    approved_by: personSchema.optional().describe('Who approved the post (owner or team member)'),
    author: personSchema.optional().describe('Who wrote the post'),
    lang: languageSchema.optional().describe('Language of this post when it differs from the account'),
    content_warning: contentWarningSchema
      .optional()
      .describe('A content warning the text is hidden behind (Mastodon; an error on networks without them)'),
    channels: z
      .array(networkNameSchema)
      .min(1, { error: 'name at least one channel, or leave `channels` out to post on every channel' })
      .optional()
      .describe("The account's channels (network ids) this post goes to (default: every channel)"),
    variants: z
      .record(
        networkNameSchema,
        z
          .strictObject({
            text: postTextSchema.optional().describe("This network's text"),
            link: linkSchema.optional().describe("This network's link"),
            thread: threadSchema.optional().describe("This network's thread ([] for none)"),
            media: mediaSchema.optional().describe("This network's images ([] for none)"),
            content_warning: contentWarningSchema
              .optional()
              .describe('A content warning the text is hidden behind, on networks that have them (Mastodon)'),
          })
          .describe("What differs on this network; each field replaces the post's"),
      )
      .optional()
      .describe('Per-network variants: text, link, thread or media that differ on one network'),
  })
  .describe('A post');

export const contentFileSchema = z.array(postSchema).describe('A content calendar: a list of posts');

export const accountFileSchema = z
  .strictObject({
    platform: z.string().describe('The network the account lives on (see docs/reference.md)'),
    handle: z.string().describe('The handle on that network, e.g. "@acme_news" on X'),
    name: z.string().optional().describe('Display name'),
    description: z.string().optional().describe('What the account is for'),
    kind: z.enum(['brand', 'employee']).optional().describe('brand (default) or employee'),
    timezone: timeZoneSchema,
    language: languageSchema,
    categories: z
      .array(categorySchema)
      .min(1)
      .optional()
      .describe(`Allowed categories (default: ${CATEGORIES.join(', ')})`),
    owner: personSchema,
    team: z.array(personSchema).optional().describe('People who may write and approve posts'),
    slots: slotsSchema.optional(),
    limits: limitsSchema.optional(),
    rules: rulesSettingSchema.optional(),
    tracking: trackingSchema.optional(),
    disclosure: z
      .string()
      .regex(/^#[\p{L}\p{N}_]+$/u, { error: 'the disclosure is a hashtag, like "#AcmeEmployee"' })
      .optional()
      .describe('Hashtag every post of an employee account must carry'),
    templates: z
      .record(z.string(), templateSchema(FEED_PLACEHOLDERS))
      .optional()
      .describe(
        'Text templates for imported feed posts (chorus import); placeholders {title} {price} {list_price} {discount} {savings} {currency} {sku} {url} {starts} {ends}',
      ),
  })
  .describe('An account');

/** What the account schema needs of a network (a structural slice of src/platforms/types.ts `Platform`). */
interface NetworkShape {
  id: string;
  name?: string;
  account: {
    isHandle(handle: string): boolean;
    handleRule: string;
    handlePattern: string;
    handleExample: string;
    credentials: readonly CredentialRole[];
    fields: z.ZodRawShape;
  };
}

/** The fields a presence on one network has: its handle, credential names and the network's own fields. */
function networkFields(platform: NetworkShape) {
  const roles = platform.account.credentials;
  return {
    handle: z
      .string()
      .refine((value) => platform.account.isHandle(value), { error: platform.account.handleRule })
      .meta({
        pattern: platform.account.handlePattern,
        description: `The handle, e.g. "${platform.account.handleExample}"`,
      }),
    credentials: z
      .strictObject(
        Object.fromEntries(roles.map((role) => [role.key, credentialNameSchema(role, roles).optional()])),
      )
      .optional()
      .describe('Names of environment variables holding the credentials (never the values)'),
    ...platform.account.fields,
  };
}

/**
 * The account file schema for one network: the common fields, the handle in the network's shape, the
 * network's credentials (variable names, never values) and its own fields (`server`, …).
 */
export function accountFileSchemaFor(platform: NetworkShape) {
  return accountFileSchema.extend({
    platform: z.literal(platform.id).describe('The network the account lives on'),
    ...networkFields(platform),
  });
}

/**
 * One channel of an account with `channels:` (`channels.<network>`): the account on that network, with
 * what may differ there (slots, limits, rules); everything else is the account's.
 */
export function channelSchemaFor(platform: NetworkShape, rules: z.ZodType = rulesSettingSchema) {
  return z
    .strictObject({
      ...networkFields(platform),
      slots: slotsSchema.optional().describe("This channel's slots (default: the account's)"),
      limits: limitsSchema
        .optional()
        .describe("Limits that differ on this channel (merged over the account's)"),
      rules: rules.optional().describe("Rule settings that differ on this channel (over the account's)"),
    })
    .describe(`The account on ${platform.name ?? platform.id}`);
}

/**
 * An account on several networks: the common fields (no `platform`, no `handle`) and `channels`, one entry
 * per network id, each in the shape {@link channelSchemaFor} gives it.
 */
export function accountWithChannelsSchemaFor(
  platforms: readonly NetworkShape[],
  rules: z.ZodType = rulesSettingSchema,
) {
  return accountFileSchema
    .omit({ platform: true, handle: true })
    .extend({
      channels: z
        .strictObject(Object.fromEntries(platforms.map((p) => [p.id, channelSchemaFor(p, rules).optional()])))
        .refine((value) => Object.values(value).some((channel) => channel !== undefined), {
          error: 'name at least one channel, like `x: { handle: "@acme" }`',
        })
        .describe('The networks the account posts to, by network id; its calendar goes to each'),
    })
    .describe('An account on several networks');
}

/** One parsed channel: handle, credentials, slots, limits, rules and the network's own fields as data. */
export type ChannelFile = {
  handle: string;
  credentials?: Record<string, string | undefined> | undefined;
  slots?: z.infer<typeof slotsSchema> | undefined;
  limits?: z.infer<typeof limitsSchema> | undefined;
  rules?: z.infer<typeof rulesSettingSchema> | undefined;
  [field: string]: unknown;
};

/** The parsed account file of any network: the common fields, typed; the network's own ones as data. */
export type AccountFile = z.infer<typeof accountFileSchema> & {
  credentials?: Record<string, string | undefined> | undefined;
  [field: string]: unknown;
};

/** Upper bound of `publish.max_rate_limit_wait_seconds`: a run never sleeps longer than this for X (15 min, X's window). */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 900;
/** Upper bound of `publish.lock_wait_seconds`: a run never waits longer than this for another run's lock. */
export const MAX_LOCK_WAIT_SECONDS = 300;

/** `publish:` in chorus.yaml: how `chorus publish` behaves (defaults in docs/publishing.md). */
export const publishSettingsSchema = z
  .strictObject({
    late_window_minutes: z
      .int()
      .min(0)
      .optional()
      .describe('A post missed by longer than this is reported as missed, not sent late (default 60)'),
    concurrency: z
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe('Accounts published at the same time (default 64)'),
    max_rate_limit_wait_seconds: z
      .int()
      .min(0)
      .max(MAX_RATE_LIMIT_WAIT_SECONDS)
      .optional()
      .describe(
        `Wait for a rate-limit reset at most this long, else defer to the next run (default 60, at most ${MAX_RATE_LIMIT_WAIT_SECONDS})`,
      ),
    lock_wait_seconds: z
      .int()
      .min(0)
      .max(MAX_LOCK_WAIT_SECONDS)
      .optional()
      .describe(
        `How long to wait for another run's lock on an account (default 5, at most ${MAX_LOCK_WAIT_SECONDS})`,
      ),
  })
  .describe('Settings of `chorus publish`');

/** `import:` in chorus.yaml: how `chorus import` fills what a feed leaves open (docs/tracking.md). */
export const importSettingsSchema = z
  .strictObject({
    default_expiry_days: z
      .int()
      .min(1)
      .max(3660)
      .optional()
      .describe(
        'Days an open-ended feed row (empty `ends`) runs, from its start or the import day (default 7)',
      ),
  })
  .describe('Settings of `chorus import`');

const priceSchema = z.number().min(0).max(1000);

/**
 * `prices:` in chorus.yaml: what each network charges, per field (the rest keep the defaults in
 * src/report/cost.ts; a network without defaults needs all four fields).
 */
export const pricesSchema = z
  .record(
    z.string().describe('A network id, as in an account file\'s `platform:` (e.g. "x")'),
    z
      .strictObject({
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, { error: 'a currency is a three-letter ISO 4217 code, like "USD"' })
          .describe('ISO 4217 currency of the prices (default USD for x)'),
        post: priceSchema.describe('Price of one post without a URL (default 0.015 for x)'),
        post_with_url: priceSchema.describe('Price of one post that carries a URL (default 0.2 for x)'),
        owned_read: priceSchema.describe(
          "Price of reading one of the account's own resources, e.g. a post's metrics (default 0.001 for x)",
        ),
      })
      .partial(),
  )
  .describe(
    "What each network charges per post and per read of the account's own data (defaults: X's pay-per-use prices)",
  );

/** `state:` in chorus.yaml: where the ledger and the locks live (docs/publishing.md#postgresql). */
export const stateSettingsSchema = z
  .strictObject({
    url_env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, {
        error: 'is the NAME of an environment variable (like CHORUS_STATE_URL), in capitals',
      })
      .max(100)
      .describe(
        'The environment variable holding the PostgreSQL URL of the ledger and locks (the URL itself never goes in a file)',
      ),
    url: z
      .never({
        error:
          'the database URL (with its password) is never written in a file: put it in an environment variable and name that variable with url_env',
      })
      .optional()
      .describe('Never allowed: the URL goes in the environment variable that url_env names'),
  })
  .describe('Where the ledger and the account locks live: files under state/ (default) or PostgreSQL');

export const configFileSchema = z
  .strictObject({
    rules: rulesSettingSchema.optional(),
    limits: limitsSchema.optional(),
    tracking: trackingSchema.optional(),
    disclosure: z
      .string()
      .regex(/^#[\p{L}\p{N}_]+$/u, { error: 'the disclosure is a hashtag, like "#AcmeEmployee"' })
      .optional()
      .describe('Default disclosure hashtag for employee accounts'),
    planning: z
      .strictObject({
        horizon_days: z
          .int()
          .min(1)
          .max(3660)
          .optional()
          .describe('How far ahead queued posts may be placed (default 90)'),
      })
      .optional()
      .describe('Planning of queued posts'),
    publish: publishSettingsSchema.optional(),
    import: importSettingsSchema.optional(),
    prices: pricesSchema.optional(),
    state: stateSettingsSchema.optional(),
  })
  .describe('Workspace-wide defaults (chorus.yaml)');

export type PostFile = z.output<typeof postSchema>;
export type ConfigFile = z.output<typeof configFileSchema>;
