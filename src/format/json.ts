// The `json` format: the results serialised as they are (a stable, documented contract).

/** Serialise any result object with two-space indentation and a final newline. Pure. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
