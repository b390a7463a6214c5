// Pure formatters for `chorus publish` results and the `chorus accounts` listing.

import { accountIdOf, channelOf, withChannel } from '../model/types.js';
import type { PublishResult } from './publish-result.js';
import { escapeJsonControls, printableAll } from './printable.js';
import type { Style } from './style.js';

/** `--format json` of publish: a stable contract, documented in docs/publishing.md. */
export function formatPublishJson(result: PublishResult, options: { dryRun: boolean }): string {
  // `account` is the account id; `channel` the network, only for an account with `channels:`.
  const split = <T extends { account: string }>(list: readonly T[]) =>
    list.map(({ account, ...rest }) => ({ account: accountIdOf(account), ...withChannel(account), ...rest }));
  const body: Record<string, unknown> = {
    published: split(result.published),
    deferred: split(result.deferred),
    missed: split(result.missed),
    skipped: split(result.skipped),
    failed: split(result.failed),
  };
  if (options.dryRun) body.planned = split(result.planned);
  return `${escapeJsonControls(JSON.stringify(body, null, 2))}\n`;
}

/** One line per post, then a summary line. */
export function formatPublishText(input: PublishResult, options: { dryRun: boolean; style: Style }): string {
  const { style } = options;
  // Texts, ids, file names and API reasons: no control character in them reaches the terminal.
  const result = printableAll(input);
  const lines: string[] = [];
  const label = (word: string, paint: (text: string) => string) => paint(word.padEnd(9));
  for (const planned of result.planned) {
    lines.push(
      `${label('would send', style.bold)} ${planned.account}/${planned.id}${planned.at ? ` (planned ${planned.at})` : ''}${planned.note ? ` - ${planned.note}` : ''}`,
    );
    for (const media of planned.media)
      lines.push(`  upload ${media.file} with alt text ${JSON.stringify(media.alt)}`);
    for (const payload of planned.payloads) lines.push(`  ${planned.endpoint} ${JSON.stringify(payload)}`);
  }
  for (const p of result.published)
    lines.push(`${label('published', style.green)} ${p.account}/${p.id}  ${p.url}`);
  for (const p of result.deferred)
    lines.push(`${label('deferred', style.yellow)} ${p.account}/${p.id}  ${p.reason}`);
  for (const p of result.missed)
    lines.push(`${label('missed', style.yellow)} ${p.account}/${p.id}  ${p.reason}`);
  for (const p of result.skipped)
    lines.push(`${label('skipped', style.red)} ${p.account}/${p.id}  ${p.reason}`);
  for (const p of result.failed)
    lines.push(`${label('failed', style.red)} ${p.account}/${p.id}  ${p.reason}`);
  const counts = [
    ...(options.dryRun ? [`${result.planned.length} would be sent`] : []),
    `${result.published.length} published`,
    `${result.deferred.length} deferred`,
    `${result.missed.length} missed`,
    `${result.skipped.length} skipped`,
    `${result.failed.length} failed`,
  ];
  const nothing =
    lines.length === 0 ? `${options.dryRun ? 'Dry run: n' : 'N'}othing is due.\n` : `${lines.join('\n')}\n`;
  return `${nothing}${options.dryRun ? 'Dry run: ' : ''}${counts.join(', ')}.\n`;
}

/** One row of `chorus accounts`. */
export interface AccountRow {
  id: string;
  platform: string;
  handle: string;
  owner: string;
  categories: string[];
  /** Credential variable names that are set / not set (names only, never values). */
  credentials: { set: string[]; missing: string[] };
  /** With --check: "ok", or why not. */
  check?: { ok: boolean; detail: string; warnings?: string[] };
}

/** `id` is what `--account` takes (a channel's `<account>@<network>`); a channel also has `account` and `channel`. */
export function formatAccountsJson(rows: readonly AccountRow[]): string {
  const shown = rows.map(({ id, ...rest }) =>
    channelOf(id) === undefined
      ? { id, ...rest }
      : { id, account: accountIdOf(id), ...withChannel(id), ...rest },
  );
  return `${escapeJsonControls(JSON.stringify(shown, null, 2))}\n`;
}

/** A plain table with aligned columns. */
export function formatAccountsTable(input: readonly AccountRow[], options: { style: Style }): string {
  const rows = printableAll(input);
  const header = ['ACCOUNT', 'PLATFORM', 'HANDLE', 'OWNER', 'CATEGORIES', 'CREDENTIALS'];
  const withCheck = rows.some((row) => row.check);
  if (withCheck) header.push('CHECK');
  const table = rows.map((row) => {
    const credentials =
      row.credentials.missing.length === 0 ? 'all set' : `missing ${row.credentials.missing.join(', ')}`;
    const cells = [row.id, row.platform, row.handle, row.owner, row.categories.join(','), credentials];
    if (withCheck)
      cells.push(row.check ? (row.check.ok ? checkOk(row.check.warnings) : row.check.detail) : '');
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => cells[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[options.style.bold(render(header)), ...table.map(render)].join('\n')}\n`;
}

/** A passed check, with the network's warnings (settings the account file has wrong) when it has some. */
function checkOk(warnings: readonly string[] | undefined): string {
  return warnings && warnings.length > 0 ? `ok; warning: ${warnings.join('; warning: ')}` : 'ok';
}
