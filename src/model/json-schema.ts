// JSON Schema for editors (yaml-language-server), generated from the zod schemas and the rule registry.
import { z } from 'zod';
import { rules } from '../rules/index.js';
import {
  accountFileSchema,
  configFileSchema,
  contentFileSchema,
  rulesSettingSchema,
  severitySchema,
} from './schema.js';

export type SchemaKind = 'account' | 'content' | 'config';

/** `rules:` with one property per rule: a severity or the rule's options plus `severity`. */
function rulesJsonSchema(): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [id, rule] of Object.entries(rules)) {
    const options = rule.meta.optionsSchema as unknown as z.ZodObject;
    const withSeverity = z.strictObject({ severity: severitySchema.optional(), ...options.shape });
    shape[id] = z.union([severitySchema, withSeverity]).describe(rule.meta.description).optional();
  }
  return z.strictObject(shape).describe(rulesSettingSchema.description ?? 'Rule settings');
}

/** The JSON Schema document for one kind of workspace file. */
export function jsonSchemaFor(kind: SchemaKind): Record<string, unknown> {
  const rulesSchema = rulesJsonSchema();
  const schema =
    kind === 'content'
      ? contentFileSchema
      : kind === 'account'
        ? accountFileSchema.extend({ rules: rulesSchema.optional() })
        : configFileSchema.extend({ rules: rulesSchema.optional() });
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Record<
    string,
    unknown
  >;
  return { ...json, title: `Chorus ${kind} file` };
}
