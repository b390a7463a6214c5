// The kinds of workspace file that have a JSON Schema (src/model/json-schema.ts builds them): a leaf module,
// so `chorus schema --kind` can offer them without loading the schemas.

/** account (accounts/*.yaml), content (calendars), config (chorus.yaml). */
export const SCHEMA_KINDS = ['account', 'content', 'config'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];
