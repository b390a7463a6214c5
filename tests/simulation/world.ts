// The simulated world: a workspace with explicit, queued, date-only and feed-imported posts on accounts in
// four time zones, the X stand-in with faults, a Bluesky account on the real PDS (tests/helpers/pds.ts), an
// account with channels on X, Bluesky and Mastodon (its stand-in, with faults), and a driver that runs the
// real CLI every few virtual minutes (`--now`) with jitter, an outage, and SIGKILLs, then reads back what
// happened.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { localDate, toLocalIso } from '../../src/model/time.js';
import { type LedgerRecord, parseLedger } from '../../src/state/ledger.js';
import { adminSql, databaseOf } from '../helpers/postgres.js';
import { type MastodonServer, startMastodonServer } from '../../src/platforms/mastodon/stand-in.js';
import { type LoggedRequest, startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

/** A repeatable pseudo-random source (mulberry32: the same seed, the same simulation). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** One simulated account: its zone, its slots per weekday (0 = Sunday) and its posts as written. */
export interface SimAccount {
  id: string;
  /** The network: X (the stand-in) unless "bluesky" (the real PDS). */
  platform?: 'bluesky';
  timezone: string;
  /** Account YAML for `slots:` and anything else. */
  yaml: string;
  /** Local "HH:MM" slot times for a weekday (0 = Sunday … 6 = Saturday). */
  slotsOn: (weekday: number) => string[];
  posts: SimPost[];
}

export type SimPost =
  | { id: string; kind: 'explicit'; at: string; text: string }
  | { id: string; kind: 'date-only'; date: string; text: string }
  | { id: string; kind: 'queued'; text: string };

/** The networks the simulated account with channels is on. */
export type SimNetwork = 'x' | 'bluesky' | 'mastodon';

/** What a post of the account with channels says on a network: its text and thread replies. */
export interface SimVersion {
  text: string;
  thread: string[];
}

/** A post of the account with channels: a post as above, narrowed (`channels`) and varied per network. */
export type SimChannelPost = SimPost & {
  thread?: string[];
  channels?: SimNetwork[];
  variants?: Partial<Record<SimNetwork, Partial<SimVersion>>>;
};

/** A channel of the account with channels: its network, its own YAML (`slots:`), its slots per weekday. */
export interface SimChannel {
  network: SimNetwork;
  /** YAML lines of the channel (below `handle:`/`server:`), e.g. its own `slots:`. */
  yaml: string;
  slotsOn: (weekday: number) => string[];
}

/** An account on several networks (`channels:` in its file): one calendar, one ledger per channel. */
export interface SimChannelAccount {
  id: string;
  timezone: string;
  /** Account YAML (the account's `slots:`, shared by the channels without their own). */
  yaml: string;
  channels: SimChannel[];
  posts: SimChannelPost[];
}

/** The post as it goes to `network`: undefined when its `channels:` leave that network out. */
export function versionOn(post: SimChannelPost, network: SimNetwork): SimVersion | undefined {
  if (post.channels && !post.channels.includes(network)) return undefined;
  const variant = post.variants?.[network] ?? {};
  return { text: variant.text ?? post.text, thread: variant.thread ?? post.thread ?? [] };
}

/** A deal row of the discount feed that `chorus import` turns into date-only posts. */
export interface FeedRow {
  sku: string;
  title: string;
  starts: string;
  ends: string;
}

export interface World {
  accounts: SimAccount[];
  feed: { account: string; rows: FeedRow[] };
  /** An outage: no run starts in [from, to). */
  outage: { from: string; to: string };
  start: string;
  end: string;
  lateWindowMinutes: number;
  /** The account with channels (its Bluesky user is in `bluesky.users` under its id). */
  channelAccount: SimChannelAccount;
  /** The PDS the Bluesky accounts live on, and their handles and app passwords (set before writeWorld). */
  bluesky?: { url: string; users: Map<string, { handle: string; appPassword: string }> };
  /** The Mastodon stand-in's URL (set by `simulate`, which starts it, before the first run). */
  mastodonUrl?: string;
}

const envStem = (id: string) => id.toUpperCase().replace(/[^A-Z0-9]/g, '_');
const tokenOf = (id: string) => `sim-token-${id}-Qx7`;

/** The shipped simulation world: 4 days around Berlin's spring-forward night (2027-03-28, 02:00 → 03:00). */
export function defaultWorld(): World {
  const daily = (times: string[]) => () => times;
  return {
    start: '2027-03-26T00:00:00Z',
    end: '2027-03-30T00:00:00Z',
    lateWindowMinutes: 60,
    outage: { from: '2027-03-27T09:40:00Z', to: '2027-03-27T13:10:00Z' },
    accounts: [
      {
        id: 'berlin',
        timezone: 'Europe/Berlin',
        // 02:30 does not exist on 2027-03-28.
        yaml: 'slots:\n  daily: ["02:30", "09:00", "13:00", "18:00"]',
        slotsOn: daily(['02:30', '09:00', '13:00', '18:00']),
        posts: [
          {
            id: 'b-explicit-fri',
            kind: 'explicit',
            at: '2027-03-26 09:00',
            text: 'Berlin store opens late on Friday.',
          },
          // In the outage (11:00Z): missed, reported once, never sent.
          {
            id: 'b-explicit-outage',
            kind: 'explicit',
            at: '2027-03-27 12:00',
            text: 'Noon workshop on waxing skis.',
          },
          {
            id: 'b-explicit-after-gap',
            kind: 'explicit',
            at: '2027-03-28 03:30',
            text: 'Night owls: the clocks went forward.',
          },
          // Its day is over before the simulation starts: missed, recorded once, and the account goes on.
          {
            id: 'b-dated-thu',
            kind: 'date-only',
            date: '2027-03-25',
            text: 'Thursday: the shop closes early.',
          },
          {
            id: 'b-dated-sat',
            kind: 'date-only',
            date: '2027-03-27',
            text: 'Saturday repair cafe is open all day.',
          },
          {
            id: 'b-dated-sun',
            kind: 'date-only',
            date: '2027-03-28',
            text: 'Sunday: trail clean-up meets at the shop.',
          },
          { id: 'b-queued-1', kind: 'queued', text: 'How we test tent poles in the cold room.' },
          { id: 'b-queued-2', kind: 'queued', text: 'Meet the team that stitches our packs.' },
          { id: 'b-queued-3', kind: 'queued', text: 'Three knots every hiker should know.' },
        ],
      },
      {
        id: 'newyork',
        timezone: 'America/New_York',
        yaml: 'slots:\n  weekdays: ["08:00", "12:00", "16:00"]\n  weekends: ["10:00", "15:00"]',
        slotsOn: (weekday) =>
          weekday === 0 || weekday === 6 ? ['10:00', '15:00'] : ['08:00', '12:00', '16:00'],
        posts: [
          {
            id: 'n-explicit-fri',
            kind: 'explicit',
            at: '2027-03-26 12:00',
            text: 'Friday lunch talk: winter camping.',
          },
          {
            id: 'n-explicit-mon',
            kind: 'explicit',
            at: '2027-03-29T16:00:00-04:00',
            text: 'Monday: new rain shells are in.',
          },
          {
            id: 'n-dated-sat',
            kind: 'date-only',
            date: '2027-03-27',
            text: 'Saturday clinic: fitting trail shoes.',
          },
          {
            id: 'n-dated-mon',
            kind: 'date-only',
            date: '2027-03-29',
            text: 'Monday tip: dry your boots slowly.',
          },
          { id: 'n-queued-1', kind: 'queued', text: 'Why we repair before we replace.' },
          { id: 'n-queued-2', kind: 'queued', text: 'A reader asks: merino or synthetic?' },
          { id: 'n-queued-3', kind: 'queued', text: 'Behind the scenes at the returns desk.' },
        ],
      },
      {
        id: 'tokyo',
        timezone: 'Asia/Tokyo',
        yaml: [
          'categories: [deals, news]',
          'slots:\n  daily: ["10:00", "14:00", "19:00"]',
          'limits:\n  promo_share: 1\n  max_per_category_per_day: { deals: 2 }',
          'tracking:\n  domains: [shop.example.com]',
          'templates:\n  deal: "{title}: now {price} instead of {list_price}."',
        ].join('\n'),
        slotsOn: daily(['10:00', '14:00', '19:00']),
        posts: [
          {
            id: 't-explicit-sun',
            kind: 'explicit',
            at: '2027-03-28 09:00',
            text: 'Tokyo outlet: new stock on Monday.',
          },
          { id: 't-queued-1', kind: 'queued', text: 'Our Tokyo outlet staff pick of the week.' },
        ],
      },
      {
        // On Bluesky, through the real PDS: no faults injected, killed at random moments like the others.
        id: 'fjord',
        platform: 'bluesky',
        timezone: 'Europe/Oslo',
        yaml: 'slots:\n  daily: ["10:00", "17:00"]',
        slotsOn: daily(['10:00', '17:00']),
        posts: [
          {
            id: 'f-explicit-fri',
            kind: 'explicit',
            at: '2027-03-26 12:00',
            text: 'Ski wax clinic at the Bergen store today: https://shop.example.com/wax',
          },
          {
            id: 'f-dated-sun',
            kind: 'date-only',
            date: '2027-03-28',
            text: 'Sunday: the fjord path is clear of snow.',
          },
          { id: 'f-queued-1', kind: 'queued', text: 'How we repair a torn tent floor, step by step.' },
          { id: 'f-queued-2', kind: 'queued', text: 'Our favourite short hikes around Oslo in spring.' },
        ],
      },
    ],
    channelAccount: {
      // One calendar on X, Bluesky and Mastodon, in London (clocks go forward at 01:00 on 2027-03-28).
      // Bluesky has its own slots, one of them in that night's gap; X and Mastodon use the account's.
      id: 'coast',
      timezone: 'Europe/London',
      yaml: 'slots:\n  daily: ["09:00", "13:00", "18:00"]',
      channels: [
        { network: 'x', yaml: '', slotsOn: daily(['09:00', '13:00', '18:00']) },
        {
          network: 'bluesky',
          yaml: 'slots:\n  daily: ["01:30", "10:30", "17:30"]',
          slotsOn: daily(['01:30', '10:30', '17:30']),
        },
        { network: 'mastodon', yaml: '', slotsOn: daily(['09:00', '13:00', '18:00']) },
      ],
      posts: [
        {
          // Two hours after Bluesky's 10:30 slot: a queued post sent there up to an hour late (the late
          // window) still leaves the min-gap of 60 min, so this explicit post goes out at its exact time, as
          // the checks expect. Closer, publish would defer it until the gap from the late post ends (lint
          // measures the late post from its slot; see tests/publish/late-run.test.ts).
          id: 'c-explicit-fri',
          kind: 'explicit',
          at: '2027-03-26 12:30',
          text: 'Our Brighton store reopens on Friday with a bigger repair bench and a rental counter.',
          variants: { x: { text: 'Brighton store reopens Friday: bigger repair bench.' } },
        },
        {
          id: 'c-queued-thread',
          kind: 'queued',
          text: 'How we patch a sail bag: a short guide from the Falmouth workshop.',
          variants: {
            bluesky: {
              thread: [
                'Step one: clean the tear and round its corners.',
                'Step two: a patch on both sides, stitched in a box.',
              ],
            },
          },
        },
        {
          id: 'c-queued-x-only',
          kind: 'queued',
          text: 'Quick poll for our X followers: canvas or nylon for a beach bag?',
          channels: ['x'],
        },
        {
          id: 'c-explicit-no-x',
          kind: 'explicit',
          at: '2027-03-28 15:15',
          text: 'Sunday afternoon: the tide pools walk leaves the Whitby shop at three.',
          channels: ['bluesky', 'mastodon'],
        },
        {
          id: 'c-dated-sun',
          kind: 'date-only',
          date: '2027-03-28',
          text: 'Clocks went forward last night: the coast shops open at nine as usual.',
          thread: ['Summer opening hours start today in every shop.'],
          variants: { x: { thread: [], text: 'Clocks went forward: shops open at nine.' } },
        },
        { id: 'c-queued-1', kind: 'queued', text: 'Meet the crew that repairs wetsuits in Newquay.' },
        {
          id: 'c-queued-2',
          kind: 'queued',
          text: 'Five things to pack for a windy day on the cliffs.',
          variants: { mastodon: { text: 'Five things to pack for a windy day on the cliff path.' } },
        },
      ],
    },
    feed: {
      account: 'tokyo',
      rows: [
        { sku: 'TK-1', title: 'Trail shoes', starts: '2027-03-27', ends: '2027-04-05' },
        { sku: 'TK-2', title: 'Rain jacket', starts: '2027-03-28', ends: '2027-04-05' },
        { sku: 'TK-3', title: 'Wool socks', starts: '2027-03-28', ends: '2027-04-05' },
        { sku: 'TK-4', title: 'Headlamp', starts: '2027-03-29', ends: '2027-04-05' },
      ],
    },
  };
}

function postYaml(post: SimChannelPost): string {
  const lines = [`- id: ${post.id}`, '  category: news', `  text: ${JSON.stringify(post.text)}`];
  if (post.kind === 'explicit') lines.push(`  at: "${post.at}"`);
  if (post.kind === 'date-only') lines.push(`  at: ${post.date}`);
  if (post.thread) lines.push(`  thread: ${JSON.stringify(post.thread)}`);
  if (post.channels) lines.push(`  channels: ${JSON.stringify(post.channels)}`);
  if (post.variants) lines.push(`  variants: ${JSON.stringify(post.variants)}`);
  return lines.join('\n');
}

/** The file of the account with channels: `channels:` with each network's handle, server and own YAML. */
function channelAccountYaml(world: World): string {
  const account = world.channelAccount;
  const lines = [
    `timezone: ${account.timezone}`,
    'language: en',
    'owner: ana',
    'team: [ben, chloe]',
    account.yaml,
    'channels:',
  ];
  for (const channel of account.channels) {
    lines.push(`  ${channel.network}:`);
    if (channel.network === 'x') lines.push(`    handle: "@${account.id}"`);
    if (channel.network === 'bluesky')
      lines.push(
        `    handle: ${world.bluesky!.users.get(account.id)!.handle}`,
        `    server: ${world.bluesky!.url}`,
      );
    if (channel.network === 'mastodon')
      lines.push(`    handle: ${account.id}`, `    server: ${world.mastodonUrl!}`);
    if (channel.yaml) lines.push(...channel.yaml.split('\n').map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

/** Environment for the CLI: the stand-in's URL and every account's credentials (all CHORUS_ names). */
export function simEnv(world: World, apiUrl: string): Record<string, string> {
  const env: Record<string, string> = {
    CHORUS_X_API_URL: apiUrl,
    CHORUS_X_APP_KEY: 'sim-app-key',
    CHORUS_X_APP_SECRET: 'sim-app-secret',
  };
  for (const account of world.accounts) {
    if (account.platform === 'bluesky') {
      const user = world.bluesky!.users.get(account.id)!;
      env[`CHORUS_${envStem(account.id)}_IDENTIFIER`] = user.handle;
      env[`CHORUS_${envStem(account.id)}_APP_PASSWORD`] = user.appPassword;
      env.CHORUS_ALLOWED_SERVERS = world.bluesky!.url;
      continue;
    }
    env[`CHORUS_${envStem(account.id)}_ACCESS_TOKEN`] = tokenOf(account.id);
    env[`CHORUS_${envStem(account.id)}_ACCESS_SECRET`] = `sim-secret-${account.id}`;
  }
  // The account with channels: each channel's credentials under its default names (CHORUS_COAST_X_…).
  const channels = world.channelAccount;
  const stem = envStem(channels.id);
  const user = world.bluesky!.users.get(channels.id)!;
  env[`CHORUS_${stem}_X_ACCESS_TOKEN`] = tokenOf(channels.id);
  env[`CHORUS_${stem}_X_ACCESS_SECRET`] = `sim-secret-${channels.id}`;
  env[`CHORUS_${stem}_BLUESKY_IDENTIFIER`] = user.handle;
  env[`CHORUS_${stem}_BLUESKY_APP_PASSWORD`] = user.appPassword;
  env[`CHORUS_${stem}_MASTODON_ACCESS_TOKEN`] = tokenOf(`${channels.id}-mastodon`);
  env.CHORUS_ALLOWED_SERVERS = [world.bluesky!.url, world.mastodonUrl!].join(',');
  return env;
}

/** Write the workspace (and the feed file, outside content/) for a world. */
export async function writeWorld(world: World): Promise<string> {
  const files: Record<string, string> = {
    'chorus.yaml': `publish:\n  late_window_minutes: ${world.lateWindowMinutes}\n`,
  };
  for (const account of world.accounts) {
    files[`accounts/${account.id}.yaml`] =
      account.platform === 'bluesky'
        ? accountYaml(account.yaml, { timezone: account.timezone })
            .replace('platform: x', 'platform: bluesky')
            .replace(
              /^handle: .*$/m,
              `handle: ${world.bluesky!.users.get(account.id)!.handle}\nserver: ${world.bluesky!.url}`,
            )
        : accountYaml(account.yaml, {
            handle: account.id,
            timezone: account.timezone,
          });
    files[`content/${account.id}/calendar.yaml`] = `${account.posts.map(postYaml).join('\n')}\n`;
  }
  const channels = world.channelAccount;
  files[`accounts/${channels.id}.yaml`] = channelAccountYaml(world);
  files[`content/${channels.id}/calendar.yaml`] = `${channels.posts.map(postYaml).join('\n')}\n`;
  const root = await makeWorkspace(files);
  const header = 'sku,title,price,list_price,currency,url,starts,ends';
  const rows = world.feed.rows.map(
    (row) =>
      `${row.sku},${row.title},19,29,USD,https://shop.example.com/p/${row.sku.toLowerCase()},${row.starts},${row.ends}`,
  );
  await writeFile(path.join(root, 'feed.csv'), `${[header, ...rows].join('\n')}\n`);
  return root;
}

/** After a killed run, the next one comes this many virtual minutes later (a 5-minute cron). */
const RETRY_MINUTES = 5;
/** proper-lockfile's staleness (src/state/lock.ts): a lock not refreshed for this long is abandoned. */
const LOCK_STALE_MS = 10_000;

/**
 * A run killed between taking a lock and writing its owner leaves a lock that only goes stale with real
 * time (10 s), which a real cron lets pass between runs; the simulation compresses time, so it waits for
 * such a lock to go stale, and only then (a lock whose owner is known and dead is broken at once).
 */
async function waitOutOwnerlessLocks(root: string): Promise<number> {
  const started = Date.now();
  const state = path.join(root, 'state');
  const names = await readdir(state).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.lock')) continue;
    const lock = path.join(state, name);
    const owned = await stat(path.join(lock, 'owner.json')).then(
      () => true,
      () => false,
    );
    if (owned) continue;
    const mtime = await stat(lock).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (mtime === undefined) continue;
    const wait = mtime + LOCK_STALE_MS + 200 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return Date.now() - started;
}

/** What the CLI runs of a simulation did. */
export interface SimulationLog {
  runs: number;
  kills: number;
  /** Kills right after a create reached the X or the Mastodon stand-in; of them, the channel account's. */
  killsAfterCreate: { x: number; mastodon: number; channelAccount: number };
  skipped: number;
  /** Wall time spent waiting for locks left without an owner by kills to go stale. */
  lockWaitMs: number;
  /** Runs whose exit code was not 0 or 1 (2 = usage/config, 3 = internal error): always a failure. */
  badExits: { now: string; code: number | null; stderr: string }[];
  /** Accounts a run stopped publishing for (failed with id "*"), with the reason: never expected here. */
  stopped: { now: string; account: string; reason: string }[];
  wallMs: number;
}

export interface SimulationOptions {
  cadenceMinutes: number;
  /** Each run starts up to this many minutes early or late. */
  jitterMinutes: number;
  seed: number;
  /** Kill about this share of runs with SIGKILL at a random moment. */
  killShare: number;
  /** Kill the run right after about this share of the creates reaching X or Mastodon. */
  createKillShare: number;
  faults: { cutAfterAccept: number; error5xx: number };
}

/** The stand-ins of a world (X; Mastodon for the account with channels), on the virtual clock. */
export interface WorldServers {
  x: XServer;
  mastodon: MastodonServer;
  /** The virtual time of the run in progress from now on: the stand-ins' clocks follow it. */
  setVirtualNow(at: number): void;
  /** Called when a create (a post on X, a status on Mastodon) of `user` reaches a stand-in. */
  onCreate: ((network: 'x' | 'mastodon', user: string | undefined) => void) | undefined;
  close(): Promise<void>;
}

/** Start the X and Mastodon stand-ins (with the options' faults) and set `world.mastodonUrl`. */
export async function startServers(world: World, options: SimulationOptions): Promise<WorldServers> {
  // The stand-ins' clocks follow the virtual time of the run in progress, as real networks' the real one.
  let virtual = { at: Date.parse(world.start), real: Date.now() };
  const clock = () => new Date(virtual.at + (Date.now() - virtual.real));
  const channels = world.channelAccount;
  const x = await startXServer({
    clock,
    users: [
      ...world.accounts.filter((account) => account.platform !== 'bluesky').map((account) => account.id),
      ...(channels.channels.some((c) => c.network === 'x') ? [channels.id] : []),
    ].map((id, index) => ({ id: String(7000 + index), username: id, accessToken: tokenOf(id) })),
    randomFaults: { ...options.faults, seed: options.seed },
    onRequest: (request: LoggedRequest) => {
      if (request.method === 'POST' && request.path === '/2/tweets') servers.onCreate?.('x', request.user);
    },
  });
  const mastodon = await startMastodonServer({
    clock,
    users: [{ id: '9100', username: channels.id, accessToken: tokenOf(`${channels.id}-mastodon`) }],
    randomFaults: { ...options.faults, seed: options.seed + 1 },
    onRequest: (request) => {
      if (request.method === 'POST' && request.path === '/api/v1/statuses')
        servers.onCreate?.('mastodon', request.user);
    },
  });
  world.mastodonUrl = mastodon.url;
  const servers: WorldServers = {
    x,
    mastodon,
    setVirtualNow: (at) => (virtual = { at, real: Date.now() }),
    onCreate: undefined,
    close: async () => {
      await Promise.all([x.close(), mastodon.close()]);
    },
  };
  return servers;
}

/** Run `chorus publish` from world.start to world.end against the world's servers; returns the log. */
export async function simulate(
  world: World,
  root: string,
  options: SimulationOptions,
  servers: WorldServers,
  stateEnv: Record<string, string> = {},
): Promise<SimulationLog> {
  const random = seeded(options.seed);
  const env = { ...simEnv(world, servers.x.url), ...stateEnv };
  const log: SimulationLog = {
    runs: 0,
    kills: 0,
    killsAfterCreate: { x: 0, mastodon: 0, channelAccount: 0 },
    skipped: 0,
    lockWaitMs: 0,
    badExits: [],
    stopped: [],
    wallMs: 0,
  };
  const started = Date.now();
  const end = Date.parse(world.end);
  const outage = { from: Date.parse(world.outage.from), to: Date.parse(world.outage.to) };
  let retryAt: number | undefined;
  let previous = Number.NEGATIVE_INFINITY;
  const firstKilled = new Set<string>();
  for (let tick = Date.parse(world.start); tick < end;) {
    let at: number;
    if (retryAt !== undefined) {
      // A killed run is followed by the cron's next run a few minutes later, as on a real runner.
      at = retryAt;
      retryAt = undefined;
    } else {
      const jitter = Math.round((random() * 2 - 1) * options.jitterMinutes) * 60_000;
      at = Math.max(Date.parse(world.start), tick + jitter);
      tick += options.cadenceMinutes * 60_000;
      // Retries after kills can run ahead of the cadence (two kills in a row: 10 min); the cron's clock never
      // goes back, so a run due before the last one is the one that retry already was.
      if (at < previous) continue;
    }
    previous = at;
    if (at >= outage.from && at < outage.to) {
      log.skipped++;
      continue;
    }
    const now = new Date(at).toISOString();
    servers.setVirtualNow(at);
    log.runs++;
    const run = startCli(['publish', '--root', root, '--now', now, '--format', 'json'], { env });
    let timer: NodeJS.Timeout | undefined;
    if (random() < options.killShare) {
      timer = setTimeout(() => run.child.kill('SIGKILL'), 30 + Math.floor(random() * 250));
    }
    // Right after a create reached X or Mastodon: before or after its answer and ledger line.
    let killedAfter: { network: 'x' | 'mastodon'; user: string | undefined } | undefined;
    servers.onCreate = (network, user) => {
      // The first create of the account with channels on each network is always killed: the case at stake.
      const first = user === world.channelAccount.id && !firstKilled.has(network);
      if (!first && random() >= options.createKillShare) return;
      servers.onCreate = undefined;
      killedAfter = { network, user };
      setTimeout(() => run.child.kill('SIGKILL'), Math.floor(random() * 20));
    };
    const result = await run.done;
    clearTimeout(timer);
    servers.onCreate = undefined;
    if (result.signal === 'SIGKILL') {
      log.kills++;
      if (killedAfter) {
        log.killsAfterCreate[killedAfter.network]++;
        if (killedAfter.user === world.channelAccount.id) {
          log.killsAfterCreate.channelAccount++;
          // Counted only once the kill happened (a run may end within the few ms before it).
          firstKilled.add(killedAfter.network);
        }
      }
      retryAt = at + RETRY_MINUTES * 60_000;
      log.lockWaitMs += await waitOutOwnerlessLocks(root);
      continue;
    }
    if (result.code !== 0 && result.code !== 1)
      log.badExits.push({ now, code: result.code, stderr: result.stderr.slice(0, 500) });
    else {
      const out = JSON.parse(result.stdout) as { failed: { account: string; id: string; reason: string }[] };
      for (const failure of out.failed)
        if (failure.id === '*') log.stopped.push({ now, account: failure.account, reason: failure.reason });
    }
  }
  log.wallMs = Date.now() - started;
  return log;
}

/** Import the world's feed with the real CLI, as the daily-deals job does. */
export function importFeed(world: World, root: string, env: Record<string, string> = {}) {
  return runCli(
    [
      'import',
      path.join(root, 'feed.csv'),
      '--root',
      root,
      '--account',
      world.feed.account,
      '--approved-by',
      'ben',
      '--now',
      world.start,
    ],
    { env },
  );
}

/** Lint the workspace at an instant; returns the exit code and the problems as JSON. */
export function lintAt(root: string, now: string, env: Record<string, string> = {}) {
  const result = runCli(['lint', '--root', root, '--format', 'json', '--now', now], { env });
  return result;
}

/** One account's ledger records. */
export async function ledgerOf(
  root: string,
  account: string,
  stateEnv: Record<string, string> = {},
): Promise<LedgerRecord[]> {
  const url = stateEnv.CHORUS_STATE_URL;
  if (url) {
    const rows = await adminSql(
      'SELECT record FROM chorus_ledger WHERE account = $1 ORDER BY seq',
      databaseOf(url),
      [account],
    );
    return parseLedger(rows.map((row) => `${String(row.record)}\n`).join('')).records;
  }
  const text = await readFile(path.join(root, 'state', `${account}.jsonl`), 'utf8').catch(() => '');
  return parseLedger(text).records;
}

/** How one post went out: when it was planned, when its create went out, its id on X. */
export interface Outcome {
  planned: Date | undefined;
  sentAt: Date;
  platformId: string;
}

/**
 * Per post id, how its main part went out: the first success (published, or reconciled as found) and the
 * last intent before it (the moment the create was sent).
 */
export function outcomes(records: readonly LedgerRecord[]): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const [key, outcome] of partOutcomes(records)) {
    if (key.endsWith('#0')) out.set(key.slice(0, -2), outcome);
  }
  return out;
}

/** The local "HH:MM" and date of an instant in a zone. */
export function localParts(instant: Date, zone: string): { date: string; time: string; weekday: number } {
  const iso = toLocalIso(instant, zone);
  const date = localDate(instant, zone);
  return { date, time: iso.slice(11, 16), weekday: new Date(`${date}T00:00:00Z`).getUTCDay() };
}

/** How each part of a post went out (see {@link outcomes}), keyed `<post>#<part>`. */
export function partOutcomes(records: readonly LedgerRecord[]): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  const lastIntent = new Map<string, LedgerRecord & { type: 'intent' }>();
  for (const record of records) {
    const key = `${record.post}#${record.part}`;
    if (record.type === 'intent') lastIntent.set(key, record);
    const id =
      record.type === 'published'
        ? record.platform_id
        : record.type === 'reconciled' && record.found
          ? record.platform_id
          : undefined;
    if (id === undefined || out.has(key)) continue;
    const intent = lastIntent.get(key);
    out.set(key, {
      planned: intent?.planned ? new Date(intent.planned) : undefined,
      sentAt: new Date(intent?.at ?? record.at),
      platformId: id,
    });
  }
  return out;
}
