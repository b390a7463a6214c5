// The `github` lint format: workflow commands that GitHub Actions shows as pull-request annotations.
import type { LintResult } from './lint-results.js';
import { printable } from './printable.js';

/** Escape data for a workflow command (GitHub's rules: % CR LF in data; also , and : in properties). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error file=…,line=…,col=…,title=…::message` line per problem. Pure. */
export function formatGithub(results: readonly LintResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const m of result.messages) {
      const command = m.severity === 2 ? 'error' : 'warning';
      const title = escapeProperty(`chorus ${m.ruleId}`);
      const message = m.channel ? `[${m.channel}] ${m.message}` : m.message;
      const text = m.hint ? `${message} (${m.hint})` : message;
      lines.push(
        `::${command} file=${escapeProperty(result.filePath)},line=${m.line},col=${m.column},title=${title}::${escapeData(text)}`,
      );
    }
  }
  // The Actions log runs terminal escapes too: no control character from a message reaches it.
  return lines.length > 0 ? printable(`${lines.join('\n')}\n`) : '';
}
