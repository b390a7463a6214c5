// The `json` format: the results serialised as they are (a stable, documented contract).
import { escapeJsonControls } from './printable.js';

/** Serialise any result object with two-space indentation and a final newline. Pure. */
export function formatJson(value: unknown): string {
  return `${escapeJsonControls(JSON.stringify(value, null, 2))}\n`;
}
