// `chorus rules`: the rule registry as a table or JSON (ids, descriptions, defaults).
import type { ListingFormat } from '../format/formats.js';
import { formatJson } from '../format/json.js';
import { rules } from '../rules/index.js';
import type { CliIO } from './io.js';

/** Print the rules; returns the exit code (always 0). */
export async function rulesCommand(options: { format: ListingFormat }, io: CliIO): Promise<number> {
  const list = Object.values(rules).map((rule) => ({
    id: rule.id,
    severity: rule.meta.defaultSeverity,
    options: rule.meta.defaultOptions as Record<string, unknown>,
    limits: rule.meta.limits ?? {},
    description: rule.meta.description,
  }));
  if (options.format === 'json') {
    io.stdout(formatJson(list));
    return 0;
  }
  const width = Math.max(...list.map((r) => r.id.length));
  const lines = list.map((r) => {
    const opts = Object.keys(r.options).length > 0 ? `  ${JSON.stringify(r.options)}` : '';
    return `${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.description}${opts}`;
  });
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
