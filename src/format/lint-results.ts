// Groups lint problems per file in ESLint's result shape (the `json` format is exactly this).
import type { Problem } from '../model/types.js';

/** One message in ESLint's shape, with Chorus's account and postId. */
export interface LintMessage {
  ruleId: string;
  messageId?: string;
  /** 1 = warning, 2 = error (ESLint's numbers). */
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  hint?: string;
  account?: string;
  /** The channel (network id) of an account with channels, when the message holds for that channel only. */
  channel?: string;
  postId?: string;
}

/** ESLint's per-file result. */
export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  errorCount: number;
  warningCount: number;
}

/** Results for every file read (clean ones with no messages), sorted by path. */
export function toLintResults(problems: readonly Problem[], files: readonly string[]): LintResult[] {
  const byFile = new Map<string, LintResult>();
  for (const file of [...files].sort())
    byFile.set(file, { filePath: file, messages: [], errorCount: 0, warningCount: 0 });
  for (const problem of problems) {
    let result = byFile.get(problem.file);
    if (!result) {
      result = { filePath: problem.file, messages: [], errorCount: 0, warningCount: 0 };
      byFile.set(problem.file, result);
    }
    const severity = problem.severity === 'error' ? 2 : 1;
    result.messages.push({
      ruleId: problem.ruleId,
      ...(problem.messageId ? { messageId: problem.messageId } : {}),
      severity,
      message: problem.message,
      line: problem.line,
      column: problem.column,
      ...(problem.hint ? { hint: problem.hint } : {}),
      ...(problem.account ? { account: problem.account } : {}),
      ...(problem.channel ? { channel: problem.channel } : {}),
      ...(problem.postId ? { postId: problem.postId } : {}),
    });
    if (severity === 2) result.errorCount++;
    else result.warningCount++;
  }
  return [...byFile.values()].sort((a, b) =>
    a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0,
  );
}
