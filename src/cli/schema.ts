// `chorus schema`: JSON Schema of the workspace files, generated from the zod schemas.
import { formatJson } from '../format/json.js';
import { jsonSchemaFor, type SchemaKind } from '../model/json-schema.js';
import type { CliIO } from './io.js';

export async function schemaCommand(options: { kind: SchemaKind }, io: CliIO): Promise<number> {
  io.stdout(formatJson(jsonSchemaFor(options.kind)));
  return 0;
}
