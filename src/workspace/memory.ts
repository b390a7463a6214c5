// Builds a RawWorkspace from in-memory file contents (tests, `chorus add` previews): same parser, no disk.
import { validateCalendar } from '../model/calendar.js';
import type { RawWorkspace } from './read.js';
import { parseYamlSource } from './yaml-source.js';

/** Files keyed by workspace-relative path, e.g. { 'accounts/a.yaml': '…', 'content/a/x.yaml': '…' }. */
export function rawWorkspaceFromFiles(
  files: Record<string, string | Uint8Array>,
  root = '/workspace',
): RawWorkspace {
  const encoder = new TextEncoder();
  const bytes = (v: string | Uint8Array) => (typeof v === 'string' ? encoder.encode(v) : v);
  const paths = Object.keys(files).sort();
  const raw: RawWorkspace = { root, config: undefined, accounts: [], calendars: [], strayFiles: [] };
  for (const file of paths) {
    if (!/\.ya?ml$/.test(file)) continue;
    if (/^content\/[^/]+\/.+/.test(file)) {
      raw.calendars.push(validateCalendar(file.split('/')[1]!, parseYamlSource(file, bytes(files[file]!))));
      continue;
    }
    if (/^content\/[^/]+$/.test(file)) {
      raw.strayFiles.push(file);
      continue;
    }
    const source = parseYamlSource(file, bytes(files[file]!));
    if (file === 'chorus.yaml') raw.config = source;
    else if (/^accounts\/[^/]+$/.test(file))
      raw.accounts.push({ id: file.slice(9).replace(/\.ya?ml$/, ''), source });
  }
  return raw;
}

/** A copy of `raw` in which one calendar file has the given text (added when new): for lint-before-write. */
export function withCalendarText(raw: RawWorkspace, file: string, text: string): RawWorkspace {
  const account = file.split('/')[1]!;
  const calendar = validateCalendar(account, parseYamlSource(file, new TextEncoder().encode(text)));
  const calendars = raw.calendars.filter((c) => c.file !== file);
  calendars.push(calendar);
  calendars.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { ...raw, calendars };
}
