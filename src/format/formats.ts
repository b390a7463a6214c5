// The output formats each command offers (its --format choices), in one leaf module: the command
// declarations in src/cli/commands/ load at start-up and must not pull the formatters in with them.

/** `chorus lint --format`. */
export const LINT_FORMATS = ['stylish', 'json', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** `chorus plan --format`. */
export const PLAN_FORMATS = ['table', 'json', 'ics'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** `chorus codes --format` (src/format/codes.ts). */
export const CODE_FORMATS = ['table', 'json', 'csv'] as const;
export type CodeFormat = (typeof CODE_FORMATS)[number];

/** `chorus report --format` (src/format/report.ts). */
export const REPORT_FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `chorus rules --format` and `chorus accounts --format`. */
export const LISTING_FORMATS = ['table', 'json'] as const;
export type ListingFormat = (typeof LISTING_FORMATS)[number];

/** `chorus publish --format` and `chorus metrics --format` (src/format/publish.ts). */
export const RUN_FORMATS = ['text', 'json'] as const;
export type RunFormat = (typeof RUN_FORMATS)[number];
