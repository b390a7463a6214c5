// Regenerates the scorecard demo data for the example workspace (run `npm run build` first):
// ledgers for the December posts, metrics snapshots taken by the real `chorus metrics` against the X stand-in,
// and a conversions CSV. Deterministic: the same files every run. Usage: node examples/scorecards/generate.js
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { formatLedgerRecord } from '../../dist/publish/ledger.js';
import { startXServer } from '../../dist/testing/x-server.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(REPO, 'examples', 'scorecards');
const BIN = path.join(REPO, 'bin', 'chorus.js');
/** Posts planned before this instant are treated as published at their planned time. */
const PUBLISHED_UNTIL = '2026-12-31T23:59:59Z';
/** When the metrics snapshots are taken (weekly, like a CI job would). */
const SNAPSHOTS = [
  '2026-12-07T06:00:00Z',
  '2026-12-14T06:00:00Z',
  '2026-12-21T06:00:00Z',
  '2026-12-28T06:00:00Z',
  '2027-01-04T06:00:00Z',
];

/** A repeatable number in [0, 1) from a string. */
const unit = (text) => createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
const stem = (id) => id.toUpperCase().replace(/[^A-Z0-9]/g, '_');

// Asynchronous, so the stand-in in this process can answer while chorus runs.
const chorus = async (args, env = {}) => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
    });
    return stdout;
  } catch (error) {
    throw new Error(`chorus ${args.join(' ')} failed: ${error.stdout}${error.stderr}`, {
      cause: error,
    });
  }
};

const accounts = JSON.parse(await chorus(['accounts', '--root', REPO, '--format', 'json']));
const codes = JSON.parse(await chorus(['codes', '--root', REPO, '--format', 'json']));
const published = codes.filter((row) => row.plannedAt && row.plannedAt <= PUBLISHED_UNTIL);

// A scratch copy of the workspace, so `chorus metrics` writes there and the repository root stays clean.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'chorus-demo-'));
for (const entry of ['accounts', 'content', 'chorus.yaml', 'media'])
  cpSync(path.join(REPO, entry), path.join(scratch, entry), { recursive: true });
mkdirSync(path.join(scratch, 'state'));

const users = accounts.map((account, i) => ({
  id: String(9000 + i),
  username: account.handle.replace(/^@/, ''),
  accessToken: `demo-token-${account.id}`,
}));
const server = await startXServer({ users });
const env = {
  CHORUS_X_API_URL: server.url,
  CHORUS_X_APP_KEY: 'demo-app-key',
  CHORUS_X_APP_SECRET: 'demo-app-secret',
};
for (const account of accounts) {
  env[`CHORUS_${stem(account.id)}_ACCESS_TOKEN`] = `demo-token-${account.id}`;
  env[`CHORUS_${stem(account.id)}_ACCESS_SECRET`] = `demo-secret-${account.id}`;
}

// Ledgers: one intent and one published record per post, a few seconds after its planned time.
let nextId = 1_866_000_000_000_000_000n;
const platformIds = new Map();
for (const account of accounts) {
  const handle = account.handle.replace(/^@/, '');
  const lines = [];
  for (const row of published.filter((r) => r.account === account.id)) {
    const id = String(nextId++);
    platformIds.set(`${row.account}/${row.postId}`, id);
    const at = new Date(Date.parse(row.plannedAt) + 2000).toISOString();
    const run = `${row.plannedAt.slice(0, 19).replace(/[-:]/g, '')}-demo00`;
    const base = { v: 1, account: account.id, post: row.postId, part: 0, at, run };
    lines.push(
      formatLedgerRecord({
        ...base,
        type: 'intent',
        text_sha256: createHash('sha256').update(row.postId).digest('hex'),
      }),
    );
    lines.push(
      formatLedgerRecord({
        ...base,
        type: 'published',
        platform_id: id,
        url: `https://x.com/${handle}/status/${id}`,
      }),
    );
  }
  if (lines.length > 0) writeFileSync(path.join(scratch, 'state', `${account.id}.jsonl`), lines.join(''));
}

// Metrics: each post gathers most of its engagement in its first days; followers grow week by week.
const reach = { deals: 1.6, news: 1.0, blog: 0.8, community: 1.3 };
const startFollowers = {
  'larkspur-outlet': 5200,
  'larkspur-news': 12400,
  'larkspur-journal': 3100,
  'larkspur-jp': 2600,
  'kari-larkspur': 880,
  'larkspur-trail-club': 4100,
};
for (const [week, at] of SNAPSHOTS.entries()) {
  for (const row of published) {
    const ageDays = (Date.parse(at) - Date.parse(row.plannedAt)) / 86_400_000;
    if (ageDays < 0) continue;
    const grown = 1 - Math.exp(-ageDays / 1.5);
    const base = 40 + 160 * unit(`${row.account}/${row.postId}`) * (reach[row.category] ?? 1);
    server.setPostMetrics(platformIds.get(`${row.account}/${row.postId}`), {
      likes: Math.round(base * grown),
      reposts: Math.round(base * 0.18 * grown),
      replies: Math.round(base * (row.category === 'community' ? 0.3 : 0.08) * grown),
      quotes: Math.round(base * 0.04 * grown),
      impressions: Math.round(base * 38 * grown),
    });
  }
  for (const account of accounts) {
    const start = startFollowers[account.id] ?? 1000;
    server.setFollowers(
      account.handle.replace(/^@/, ''),
      Math.round(start * (1 + 0.012 * week * (1 + unit(account.id)))),
    );
  }
  await chorus(['metrics', '--root', scratch, '--now', at], env);
}
await server.close();

const state = path.join(OUT, 'state');
rmSync(state, { recursive: true, force: true });
cpSync(path.join(scratch, 'state'), state, { recursive: true });
rmSync(scratch, { recursive: true, force: true });

// Conversions: the shop's export, one row per code and day. The outlet and the journal sell in USD, the
// Japanese account in JPY: revenue is reported per currency and never added up across currencies.
const rows = [['code', 'orders', 'revenue', 'currency', 'date']];
const price = { deals: 120, blog: 95, news: 60, community: 45 };
for (const row of published) {
  const currency = row.account === 'larkspur-jp' ? 'JPY' : 'USD';
  if (row.urls.length === 0) continue;
  for (let day = 0; day < 3; day++) {
    const orders = Math.floor((unit(`${row.code}/${day}`) * (row.category === 'deals' ? 9 : 4)) / (day + 1));
    if (orders === 0) continue;
    const each =
      (price[row.category] ?? 50) * (currency === 'JPY' ? 150 : 1) * (0.8 + 0.4 * unit(`${row.code}/price`));
    const date = new Date(Date.parse(row.plannedAt) + day * 86_400_000).toISOString().slice(0, 10);
    rows.push([
      row.code,
      String(orders),
      currency === 'JPY' ? String(Math.round(orders * each)) : (orders * each).toFixed(2),
      currency,
      date,
    ]);
  }
}
writeFileSync(path.join(OUT, 'conversions.csv'), `${rows.map((r) => r.join(',')).join('\n')}\n`);
console.log(
  `wrote ${path.relative(REPO, state)}/ (${published.length} published posts, ${SNAPSHOTS.length} snapshots) and conversions.csv (${rows.length - 1} rows)`,
);
