// The `stylish` lint format: grouped by file, "line:col  severity  message  rule-id", then a summary.
import type { LintResult } from './lint-results.js';
import { printableAll } from './printable.js';
import { plainStyle, type Style } from './style.js';

/** Render results for a terminal. Pure: colour comes in as `style`. */
export function formatStylish(input: readonly LintResult[], options: { style?: Style } = {}): string {
  // Messages quote workspace text (ids, values): no control character in them reaches the terminal.
  const results = printableAll(input);
  const style = options.style ?? plainStyle;
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    lines.push('', style.underline(result.filePath));
    const rows = result.messages.map((m) => ({
      where: `${m.line}:${m.column}`,
      severity: m.severity === 2 ? 'error' : 'warning',
      // A finding about one channel's version of a post names the channel first.
      message: m.channel ? `[${m.channel}] ${m.message}` : m.message,
      hint: m.hint,
      rule: m.ruleId,
    }));
    const whereWidth = Math.max(...rows.map((r) => r.where.length));
    for (const row of rows) {
      const severity = row.severity === 'error' ? style.red('error  ') : style.yellow('warning');
      lines.push(
        `  ${style.dim(row.where.padEnd(whereWidth))}  ${severity}  ${row.message}  ${style.dim(row.rule)}`,
      );
      if (row.hint) lines.push(`  ${' '.repeat(whereWidth)}           ${style.dim(`hint: ${row.hint}`)}`);
    }
  }
  const total = errors + warnings;
  if (total === 0) return `${style.green('✔ No problems')}\n`;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
  lines.push('', errors > 0 ? style.red(style.bold(summary)) : style.yellow(style.bold(summary)), '');
  return lines.join('\n');
}
