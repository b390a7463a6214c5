// JSON Schema for editors (yaml-language-server), generated from the zod schemas and the rule registry (which
// the `schema` command passes in).
import { z } from 'zod';
import { BUILTIN_PLATFORMS } from '../platforms/index.js';
import { whenSchema } from './fields.js';
import type { SchemaKind } from './schema-kinds.js';
import { WHEN } from './time.js';
import {
  accountFileSchemaFor,
  accountWithChannelsSchemaFor,
  configFileSchema,
  contentFileSchema,
  rulesSettingSchema,
  severitySchema,
} from './schema.js';

export { SCHEMA_KINDS, type SchemaKind } from './schema-kinds.js';

/** What the generator needs of a lint rule (the rules come in from the caller: they are a later stage). */
export interface DescribedRule {
  meta: {
    description: string;
    defaultSeverity: string;
    defaultOptions: unknown;
    optionsSchema: unknown;
  };
}

/** `rules:` with one property per rule: a severity or the rule's options plus `severity`. */
function rulesJsonSchema(rules: Readonly<Record<string, DescribedRule>>): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [id, rule] of Object.entries(rules)) {
    const options = rule.meta.optionsSchema as unknown as z.ZodObject;
    const defaults = rule.meta.defaultOptions as Record<string, unknown>;
    // Rule authors may describe an option; otherwise the editor still shows its default.
    const described = Object.fromEntries(
      Object.entries(options.shape).map(([key, option]) => [
        key,
        (option as z.ZodType).description
          ? option
          : ((option as z.ZodOptional).unwrap?.() as z.ZodType | undefined)?.description
            ? (option as z.ZodType).describe((option as z.ZodOptional<z.ZodType>).unwrap().description!)
            : (option as z.ZodType).describe(
                defaults[key] === undefined
                  ? `Option \`${key}\` of ${id} (no default)`
                  : `Option \`${key}\` of ${id} (default ${JSON.stringify(defaults[key])})`,
              ),
      ]),
    );
    const withSeverity = z.strictObject({
      severity: severitySchema
        .optional()
        .describe(`Severity of ${id} (default ${rule.meta.defaultSeverity})`),
      ...described,
    });
    shape[id] = z.union([severitySchema, withSeverity]).describe(rule.meta.description).optional();
  }
  return z.strictObject(shape).describe(rulesSettingSchema.description ?? 'Rule settings');
}

/** Keep the editor's view simple: dates are strings of a known shape; no 2^53 noise on integers. */
function tidy(context: { zodSchema: z.core.$ZodTypes; jsonSchema: Record<string, unknown> }): void {
  const { zodSchema, jsonSchema } = context;
  if ((zodSchema as unknown) === whenSchema) {
    const description = jsonSchema.description;
    for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
    Object.assign(jsonSchema, {
      type: 'string',
      pattern: WHEN.source,
      description,
      examples: ['2026-12-01', '2026-12-01 09:30', '2026-12-01T09:30:00+01:00'],
    });
  }
  // JSON Schema patterns are compiled without the `u` flag by many validators (ajv 6 among them),
  // where \p{L} is a syntax error or matches the wrong thing: leave those checks to `chorus lint`.
  if (typeof jsonSchema.pattern === 'string' && jsonSchema.pattern.includes('\\p{')) {
    delete jsonSchema.pattern;
  }
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
}

/**
 * The account file of each network Chorus ships with (one alternative per network, told apart by
 * `platform`), and the account on several networks (`channels:`).
 */
function accountSchemas(rulesSchema: z.ZodType) {
  const platforms = [...BUILTIN_PLATFORMS.values()];
  const each: z.ZodType[] = platforms.map((platform) =>
    accountFileSchemaFor(platform).extend({ rules: rulesSchema.optional() }),
  );
  each.push(accountWithChannelsSchemaFor(platforms, rulesSchema).extend({ rules: rulesSchema.optional() }));
  return z.union(each as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

/** The JSON Schema document for one kind of workspace file (draft-07, as yaml-language-server reads it). */
export function jsonSchemaFor(
  kind: SchemaKind,
  rules: Readonly<Record<string, DescribedRule>>,
): Record<string, unknown> {
  const rulesSchema = rulesJsonSchema(rules);
  const schema =
    kind === 'content'
      ? contentFileSchema
      : kind === 'account'
        ? accountSchemas(rulesSchema)
        : configFileSchema.extend({ rules: rulesSchema.optional() });
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-7',
    override: tidy,
  }) as Record<string, unknown>;
  const titles: Record<SchemaKind, string> = {
    account: 'Chorus account file (accounts/<id>.yaml)',
    content: 'Chorus content calendar (content/<account>/*.yaml)',
    config: 'Chorus workspace settings (chorus.yaml)',
  };
  return { $schema: json.$schema, title: titles[kind], ...json };
}
