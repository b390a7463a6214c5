// `chorus schema`: JSON Schema of the workspace files, generated from the zod schemas (for editors).
import path from 'node:path';
import { formatJson } from '../format/json.js';
import { jsonSchemaFor, SCHEMA_KINDS, type SchemaKind } from '../model/json-schema.js';
import { rules } from '../rules/index.js';
import { writeWorkspaceFile } from '../workspace/write.js';
import type { CliIO } from './io.js';

export interface SchemaOptions {
  /** Which file kind; printing defaults to `content`, writing defaults to all kinds. */
  kind: SchemaKind | undefined;
  /** Write `<kind>.schema.json` files into this folder instead of printing. */
  out: string | undefined;
}

/** The file name a kind's schema is written to (what the `$schema` lines in a workspace point at). */
export function schemaFileName(kind: SchemaKind): string {
  return `${kind}.schema.json`;
}

/** Print one schema, or write them into `--out`. */
export async function schemaCommand(options: SchemaOptions, io: CliIO): Promise<number> {
  if (options.out === undefined) {
    io.stdout(formatJson(jsonSchemaFor(options.kind ?? 'content', rules)));
    return 0;
  }
  const folder = path.resolve(io.cwd, options.out);
  for (const kind of options.kind ? [options.kind] : SCHEMA_KINDS) {
    await writeWorkspaceFile(folder, schemaFileName(kind), formatJson(jsonSchemaFor(kind, rules)));
    io.stdout(`wrote ${path.join(options.out, schemaFileName(kind))}\n`);
  }
  return 0;
}
