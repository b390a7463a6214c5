// One account on three networks (channels) through the built CLI: X (stand-in), Bluesky (the real PDS) and
// Mastodon (stand-in). Variants and narrowed posts reach the right servers exactly once with per-channel
// tracking codes and ledgers; a failing or rate-limited channel holds back no other; SIGKILL then reruns;
// the channel in dry-run and plan JSON; the ledger of an account from before it had channels.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MastodonServer, startMastodonServer } from '../../src/platforms/mastodon/stand-in.js';
import { startXServer, type XServer } from '../../src/platforms/x/stand-in.js';
import { parseLedger, replayLedger } from '../../src/state/ledger.js';
import { trackingCode } from '../../src/tracking/code.js';
import { type PdsAccount, startPds, type TestPds } from '../helpers/pds.js';
import { runCliAsync, startCli } from '../helpers/run-cli.js';
import { makeWorkspace } from '../helpers/workspace.js';
import { APP_KEY, APP_SECRET, secretOf } from './fixture.js';

const NOW = '2026-11-22T09:00:00Z';
const NETWORKS = ['x', 'bluesky', 'mastodon'] as const;
type Network = (typeof NETWORKS)[number];

let pds: TestPds;
beforeAll(async () => {
  pds = await startPds();
}, 25_000);
afterAll(() => pds?.stop());

/** Servers started by a test, closed after it. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

/** A calendar post as written, with the channel fields (written as JSON, which is YAML). */
interface CalendarPost {
  id: string;
  /** Absent: a queued post (this account has no slots, so it stays unplaced). */
  at?: string;
  text: string;
  link?: string;
  thread?: string[];
  channels?: Network[];
  variants?: Partial<
    Record<Network, { text?: string; link?: string; thread?: string[]; content_warning?: string }>
  >;
}

/** The three servers and the PDS user of one test. */
interface World {
  x: XServer;
  mastodon: MastodonServer;
  user: PdsAccount;
}

let worlds = 0;

async function startWorld(
  options: {
    latencyMs?: number;
    /** Called as each post reaches X or Mastodon (the crash test kills the CLI a few posts in). */
    onCreate?: () => void;
    xRejectsDuplicates?: boolean;
  } = {},
) {
  const x = await startXServer({
    users: [{ id: '500', username: 'news', accessToken: secretOf('news-x', 'token') }],
    latencyMs: options.latencyMs ?? 5,
    ...(options.xRejectsDuplicates === false ? { rejectDuplicates: false } : {}),
    onRequest: (request) => {
      if (request.method === 'POST' && request.path === '/2/tweets') options.onCreate?.();
    },
  });
  cleanups.push(() => x.close());
  const mastodon = await startMastodonServer({
    users: [{ id: '900', username: 'news', accessToken: secretOf('news-mastodon', 'token') }],
    latencyMs: options.latencyMs ?? 5,
    mediaProcessingPolls: 0,
    onRequest: (request) => {
      if (request.method === 'POST' && request.path === '/api/v1/statuses') options.onCreate?.();
    },
  });
  cleanups.push(() => mastodon.close());
  const user = await pds.createAccount(`news${++worlds}`);
  return { x, mastodon, user } satisfies World;
}

const ACCOUNT_COMMON = ['timezone: Europe/Berlin', 'language: en', 'owner: ana', 'team: [ben]'];

/** accounts/news.yaml with a channel on each of `networks`, in that order. */
function channelsAccount(world: Pick<World, 'user'>, networks: readonly Network[] = NETWORKS): string {
  const channel: Record<Network, string[]> = {
    x: ['  x:', '    handle: "@news"'],
    bluesky: ['  bluesky:', `    handle: ${world.user.handle}`, `    server: ${pds.url}`],
    mastodon: ['  mastodon:', '    handle: news'],
  };
  return [...ACCOUNT_COMMON, 'channels:', ...networks.flatMap((n) => channel[n])].join('\n');
}

async function workspace(accountFile: string, posts: readonly CalendarPost[]): Promise<string> {
  return makeWorkspace({
    'chorus.yaml':
      'limits:\n  min_gap_minutes: 0\n  max_posts_per_day: 20\ntracking:\n  domains: [acme.example]\n',
    'accounts/news.yaml': accountFile,
    'content/news/posts.yaml': `${JSON.stringify(
      posts.map((post) => ({ category: 'news', ...post })),
      null,
      2,
    )}\n`,
  });
}

/** Every credential under its default channel name (and the channel-less X names), and where the servers are. */
function envOf(world: World): Record<string, string> {
  return {
    CHORUS_X_API_URL: world.x.url,
    CHORUS_X_APP_KEY: APP_KEY,
    CHORUS_X_APP_SECRET: APP_SECRET,
    CHORUS_NEWS_X_ACCESS_TOKEN: secretOf('news-x', 'token'),
    CHORUS_NEWS_X_ACCESS_SECRET: secretOf('news-x', 'secret'),
    CHORUS_NEWS_ACCESS_TOKEN: secretOf('news-x', 'token'),
    CHORUS_NEWS_ACCESS_SECRET: secretOf('news-x', 'secret'),
    CHORUS_ALLOWED_SERVERS: pds.url,
    CHORUS_NEWS_BLUESKY_IDENTIFIER: world.user.handle,
    CHORUS_NEWS_BLUESKY_APP_PASSWORD: world.user.appPassword,
    CHORUS_MASTODON_API_URL: world.mastodon.url,
    CHORUS_NEWS_MASTODON_ACCESS_TOKEN: secretOf('news-mastodon', 'token'),
  };
}

interface Entry {
  account: string;
  channel?: string;
  id: string;
  reason?: string;
}
type PublishJson = Record<'published' | 'deferred' | 'missed' | 'skipped' | 'failed', Entry[]> & {
  planned?: Entry[];
};

async function publishJson(root: string, env: Record<string, string>, now = NOW) {
  const result = await runCliAsync(['publish', '--root', root, '--now', now, '--format', 'json'], { env });
  expect(result.stderr).toBe('');
  return { code: result.code, out: JSON.parse(result.stdout) as PublishJson };
}

/** `<channel>/<post>` of each entry, sorted. */
const keys = (entries: readonly Entry[]) => entries.map((e) => `${e.channel ?? '-'}/${e.id}`).sort();

/** The name a channel's codes are made from: the account id on the first channel (X here), else `news@<network>`. */
const codeName = (network: Network) => (network === NETWORKS[0] ? 'news' : `news@${network}`);

/** A link with the tracking code of `post` on the channel `news@<network>`. */
const tracked = (link: string, network: Network, post: string) =>
  `${link}?utm_source=${network}&utm_medium=social&utm_campaign=news&utm_content=${trackingCode(codeName(network), post)}`;

/** Texts on each network, as its server has them (Bluesky with its link display; links in its facets). */
async function onNetworks(world: World) {
  const records = await pds.listRecords(world.user.did);
  return {
    x: world.x.postsOf('news').map((p) => ({ id: p.id, text: p.text, parent: p.inReplyTo ?? null })),
    bluesky: records.map((r) => ({
      id: r.uri,
      text: r.value.text as string,
      parent: ((r.value.reply as { parent?: { uri: string } } | undefined)?.parent?.uri ?? null) as
        string | null,
      links: ((r.value.facets ?? []) as { features: { uri?: string }[] }[]).flatMap((f) =>
        f.features.flatMap((feature) => (feature.uri ? [feature.uri] : [])),
      ),
    })),
    mastodon: world.mastodon
      .statusesOf('news')
      .map((s) => ({ id: s.id, text: s.text, parent: s.inReplyToId })),
  };
}

/** Raw records of a ledger file, and the platform ids its replay says were sent. */
async function ledgerOf(root: string, name: string) {
  const records = parseLedger(await readFile(path.join(root, 'state', `${name}.jsonl`), 'utf8')).records;
  const ledger = replayLedger(records);
  const sent = [...ledger.posts.values()].flatMap((post) =>
    [...post.sent.values()].map((part) => part.platformId),
  );
  return { records: records as unknown as Record<string, unknown>[], sent };
}

const LONG =
  'Winter sale starts on Friday: every jacket, tent, sleeping bag and pair of boots in the shop is 20% off ' +
  'for a week, in every store and online, with free repairs for a year on anything you buy during the sale ' +
  'and free shipping on orders over fifty dollars. Bring a friend.';

/** The calendar of the first tests: a plain post, a shorter X text, a thread varied per network, a narrowed post. */
const CALENDAR: CalendarPost[] = [
  { id: 'plain', at: '2026-11-22T08:40:00Z', text: 'Doors open at nine.', link: 'https://acme.example/open' },
  {
    id: 'sale',
    at: '2026-11-22T08:41:00Z',
    text: LONG,
    link: 'https://acme.example/sale',
    variants: {
      x: { text: 'Winter sale: 20% off everything for a week.' },
      mastodon: { content_warning: 'Sale talk' },
    },
  },
  {
    id: 'guide',
    at: '2026-11-22T08:42:00Z',
    text: 'Winter layering, a thread.',
    thread: ['Base layer first.', 'Then the shell.'],
    variants: {
      x: { thread: [] },
      bluesky: { thread: ['Sky: base layer first.', 'Sky: then the shell.', 'Sky: then go out.'] },
    },
  },
  { id: 'trail', at: '2026-11-22T08:43:00Z', text: 'Trail day on Saturday.', channels: ['x', 'mastodon'] },
];

/** What each network must hold after CALENDAR is published: texts in order, and which part answers which. */
function expectedTexts() {
  return {
    x: [
      `Doors open at nine. ${tracked('https://acme.example/open', 'x', 'plain')}`,
      `Winter sale: 20% off everything for a week. ${tracked('https://acme.example/sale', 'x', 'sale')}`,
      'Winter layering, a thread.',
      'Trail day on Saturday.',
    ],
    bluesky: [
      'Doors open at nine. acme.example/open…',
      `${LONG} acme.example/sale…`,
      'Winter layering, a thread.',
      'Sky: base layer first.',
      'Sky: then the shell.',
      'Sky: then go out.',
    ],
    mastodon: [
      `Doors open at nine. ${tracked('https://acme.example/open', 'mastodon', 'plain')}`,
      `${LONG} ${tracked('https://acme.example/sale', 'mastodon', 'sale')}`,
      'Winter layering, a thread.',
      'Base layer first.',
      'Then the shell.',
      'Trail day on Saturday.',
    ],
  } satisfies Record<Network, string[]>;
}

/** Each network holds exactly the expected texts once, threads chained, and each ledger names exactly them. */
async function expectExactlyOnce(world: World, root: string) {
  const have = await onNetworks(world);
  const want = expectedTexts();
  for (const network of NETWORKS) {
    expect(have[network].map((p) => p.text).sort(), network).toEqual([...want[network]].sort());
    expect((await ledgerOf(root, `news@${network}`)).sent.sort(), network).toEqual(
      have[network].map((p) => p.id).sort(),
    );
  }
  const parentOf = (network: Network, text: string) => {
    const posts = have[network];
    const parent = posts.find((p) => p.text === text)!.parent;
    return parent === null ? null : posts.find((p) => p.id === parent)!.text;
  };
  // Threads: each part answers the one before; X's thread was removed by its variant.
  expect(have.x.every((p) => p.parent === null)).toBe(true);
  expect(parentOf('bluesky', 'Sky: then go out.')).toBe('Sky: then the shell.');
  expect(parentOf('bluesky', 'Sky: then the shell.')).toBe('Sky: base layer first.');
  expect(parentOf('bluesky', 'Sky: base layer first.')).toBe('Winter layering, a thread.');
  expect(parentOf('mastodon', 'Then the shell.')).toBe('Base layer first.');
  expect(parentOf('mastodon', 'Base layer first.')).toBe('Winter layering, a thread.');
  // Bluesky shows links short; the facet carries the link with the Bluesky channel's code.
  expect(have.bluesky.flatMap((p) => p.links).sort()).toEqual(
    [
      tracked('https://acme.example/open', 'bluesky', 'plain'),
      tracked('https://acme.example/sale', 'bluesky', 'sale'),
    ].sort(),
  );
}

describe('an account with channels on X, Bluesky (real PDS) and Mastodon, through the CLI', () => {
  it(
    'publishes each post once per channel it goes to: variants, a removed thread, a narrowed post, per-channel codes and ledgers',
    { timeout: 25_000 },
    async () => {
      const world = await startWorld();
      const root = await workspace(channelsAccount(world), CALENDAR);
      const env = envOf(world);

      const lint = await runCliAsync(['lint', '--root', root, '--now', NOW], { env });
      expect([lint.code, lint.stdout]).toEqual([0, '✔ No problems\n']);

      const first = await publishJson(root, env);
      expect(first.code).toBe(0);
      expect(keys(first.out.published)).toEqual(
        [
          ...['plain', 'sale', 'guide', 'trail'].map((id) => `x/${id}`),
          ...['plain', 'sale', 'guide'].map((id) => `bluesky/${id}`),
          ...['plain', 'sale', 'guide', 'trail'].map((id) => `mastodon/${id}`),
        ].sort(),
      );
      expect(first.out.published.every((e) => e.account === 'news')).toBe(true);
      await expectExactlyOnce(world, root);
      // The Mastodon variant's content warning went out as the status's spoiler text, there only.
      const statuses = world.mastodon.statusesOf('news');
      expect(
        statuses.filter((s) => s.spoilerText !== '').map((s) => [s.text.slice(0, 12), s.spoilerText]),
      ).toEqual([['Winter sale ', 'Sale talk']]);
      // The codes expected above differ between channels, so they tell the channels' links apart.
      const codes = NETWORKS.map((n) => trackingCode(codeName(n), 'plain'));
      expect(new Set(codes).size).toBe(3);

      // Each channel's ledger holds that channel's records only, under the account id and the channel.
      for (const network of NETWORKS) {
        const { records } = await ledgerOf(root, `news@${network}`);
        expect(records.length).toBeGreaterThan(0);
        expect(new Set(records.map((r) => `${String(r.account)}/${String(r.channel)}`))).toEqual(
          new Set([`news/${network}`]),
        );
        const posts = new Set(records.map((r) => r.post));
        expect(posts.has('trail')).toBe(network !== 'bluesky');
      }

      // A rerun sends nothing anywhere.
      const again = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
      expect([again.code, again.stdout]).toEqual([
        0,
        'Nothing is due.\n0 published, 0 deferred, 0 missed, 0 skipped, 0 failed.\n',
      ]);
      await expectExactlyOnce(world, root);
    },
  );

  it(
    'a channel without credentials, then rate limited, holds back no other; its posts go out on a later run, once',
    { timeout: 25_000 },
    async () => {
      const world = await startWorld();
      const root = await workspace(channelsAccount(world), CALENDAR);
      const env = envOf(world);

      // Run 1: the Mastodon token is not set; X and Bluesky publish everything.
      const { CHORUS_NEWS_MASTODON_ACCESS_TOKEN: _token, ...withoutToken } = env;
      const first = await publishJson(root, withoutToken);
      expect(first.code).toBe(1);
      expect(keys(first.out.published)).toEqual(
        [
          ...['plain', 'sale', 'guide', 'trail'].map((id) => `x/${id}`),
          ...['plain', 'sale', 'guide'].map((id) => `bluesky/${id}`),
        ].sort(),
      );
      expect(keys(first.out.failed)).toEqual(
        ['plain', 'sale', 'guide', 'trail'].map((id) => `mastodon/${id}`).sort(),
      );
      expect(first.out.failed[0]!.reason).toContain('CHORUS_NEWS_MASTODON_ACCESS_TOKEN');
      expect(world.mastodon.statuses).toEqual([]);

      // Run 2 (as people read it): Mastodon answers 429, its limit resetting in an hour (real time, as
      // Mastodon says it); nothing else is due.
      world.mastodon.queueFaults({ kind: 'rate-limit', resetInSeconds: 3600 });
      const second = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
      expect(second.stderr).toBe('');
      const lines = second.stdout.trimEnd().split('\n');
      expect(lines.slice(0, -1).sort()).toEqual(
        ['guide', 'plain', 'sale', 'trail'].map((id) =>
          expect.stringMatching(new RegExp(`^deferred\\s+news@mastodon/${id}\\s+rate limited by Mastodon`)),
        ),
      );
      expect(lines.at(-1)).toBe('0 published, 4 deferred, 0 missed, 0 skipped, 0 failed.');
      expect(world.mastodon.statuses).toEqual([]);

      // Run 3, twenty minutes later: Mastodon gets its posts; X and Bluesky nothing again.
      const later = '2026-11-22T09:20:00Z';
      const third = await publishJson(root, env, later);
      expect(third.code).toBe(0);
      expect(keys(third.out.published)).toEqual(
        ['plain', 'sale', 'guide', 'trail'].map((id) => `mastodon/${id}`).sort(),
      );
      expect((await publishJson(root, env, later)).out.published).toEqual([]);
      await expectExactlyOnce(world, root);
    },
  );

  it(
    'SIGKILL at random moments, then reruns: every part exactly once on each channel, none lost',
    { timeout: 28_000 },
    async () => {
      let onCreate: (() => void) | undefined;
      const world = await startWorld({ latencyMs: 15, onCreate: () => onCreate?.() });
      const root = await workspace(channelsAccount(world), CALENDAR);
      const env = envOf(world);
      const args = ['publish', '--root', root, '--now', NOW, '--format', 'json'];
      let seed = 20261130;
      const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
      let runs = 0;
      let kills = 0;
      let done = false;
      let lastFinished = false;
      const started = Date.now();
      const blueskyLedger = path.join(root, 'state', 'news@bluesky.jsonl');
      const blueskySize = () =>
        stat(blueskyLedger).then(
          (s) => s.size,
          () => 0,
        );
      while (!done && runs < 14 && Date.now() - started < 20_000) {
        runs++;
        const before = await blueskySize();
        const run = startCli(args, { env });
        const kill = () => run.child.kill('SIGKILL');
        // A killed run dies a random moment after its first Bluesky ledger write (an intent: before its
        // request, after it, or after the record), or 1-4 posts into the run on X or Mastodon (a random moment
        // after the request arrived: before or after the answer and the ledger line), and at a random moment
        // 0.4-2 s in when neither came by then. Every third run once three were killed, and the run after one
        // that finished, are left alone to make progress.
        const leaveAlone = lastFinished || (runs % 3 === 0 && kills >= 3);
        const onBluesky = !leaveAlone && random() < 0.5;
        const killAfter = leaveAlone || onBluesky ? Number.POSITIVE_INFINITY : 1 + Math.floor(random() * 4);
        const timers: NodeJS.Timeout[] = [];
        if (!leaveAlone) timers.push(setTimeout(kill, 400 + Math.floor(random() * 1600)));
        let poll: NodeJS.Timeout | undefined;
        if (onBluesky) {
          poll = setInterval(() => {
            void blueskySize().then((size) => {
              if (poll === undefined || size === before) return;
              clearInterval(poll);
              poll = undefined;
              timers.push(setTimeout(kill, Math.floor(random() * 150)));
            });
          }, 10);
        }
        let seen = 0;
        onCreate = () => {
          if (++seen === killAfter) timers.push(setTimeout(kill, Math.floor(random() * 30)));
        };
        const result = await run.done;
        clearInterval(poll);
        poll = undefined;
        for (const timer of timers) clearTimeout(timer);
        onCreate = undefined;
        lastFinished = result.signal === null;
        if (result.signal === 'SIGKILL') {
          kills++;
          continue;
        }
        expect(result.stderr).toBe('');
        const out = JSON.parse(result.stdout) as PublishJson;
        done =
          result.code === 0 &&
          out.published.length === 0 &&
          out.failed.length === 0 &&
          out.deferred.length === 0;
      }
      console.log(`channels crash test: ${runs} runs, ${kills} killed, ${Date.now() - started} ms`);
      expect(done).toBe(true);
      expect(kills).toBeGreaterThan(2);
      await expectExactlyOnce(world, root);
    },
  );

  it('publish --dry-run and plan in JSON name the channel of every entry, with its variant', async () => {
    const user = { handle: 'dry.test', did: '', password: '', appPassword: '' };
    const queued: CalendarPost = { id: 'someday', text: 'Gift cards never expire.', channels: ['bluesky'] };
    const root = await workspace(channelsAccount({ user }), [...CALENDAR, queued]);
    const dry = await runCliAsync(
      ['publish', '--root', root, '--now', NOW, '--dry-run', '--format', 'json'],
      {
        env: { CHORUS_ALLOWED_SERVERS: pds.url },
      },
    );
    expect(dry.stderr).toBe('');
    const out = JSON.parse(dry.stdout) as Omit<PublishJson, 'planned'> & {
      planned: (Entry & { payloads: unknown[] })[];
    };
    expect(out.published).toEqual([]);
    expect(keys(out.planned)).toEqual(
      [
        ...['plain', 'sale', 'guide', 'trail'].map((id) => `x/${id}`),
        ...['plain', 'sale', 'guide'].map((id) => `bluesky/${id}`),
        ...['plain', 'sale', 'guide', 'trail'].map((id) => `mastodon/${id}`),
      ].sort(),
    );
    expect(out.planned.every((e) => e.account === 'news')).toBe(true);
    const planned = (channel: Network, id: string) =>
      out.planned.find((e) => e.channel === channel && e.id === id)!;
    expect(JSON.stringify(planned('x', 'sale').payloads)).toContain('Winter sale: 20% off everything');
    expect(JSON.stringify(planned('mastodon', 'sale').payloads)).toContain('Winter sale starts on Friday');
    expect(planned('x', 'guide').payloads).toHaveLength(1);
    expect(planned('bluesky', 'guide').payloads).toHaveLength(4);
    expect(planned('mastodon', 'guide').payloads).toHaveLength(3);

    const plan = await runCliAsync(['plan', '--root', root, '--now', NOW, '--format', 'json']);
    // The one problem: the queued post finds no slot.
    expect(plan.stderr).toBe(
      'chorus: the calendars have 1 lint problem (1 error); run `chorus lint` to see them.\n',
    );
    const planJson = JSON.parse(plan.stdout) as {
      posts: (Entry & { text: string; thread?: string[] })[];
      unplaced: Entry[];
      cost: { accounts: { account: string; channel?: string; postsWithUrl: number }[] };
    };
    const { posts } = planJson;
    // Unplaced posts and costs name the account and the channel as posts do.
    expect(planJson.unplaced).toEqual([
      expect.objectContaining({ account: 'news', channel: 'bluesky', id: 'someday' }),
    ]);
    expect(planJson.cost.accounts).toContainEqual(
      expect.objectContaining({ account: 'news', channel: 'x', postsWithUrl: 2 }),
    );
    for (const cost of planJson.cost.accounts) expect(cost.account).toBe('news');
    expect(keys(posts)).toEqual(keys(out.planned));
    expect(posts.every((p) => p.account === 'news')).toBe(true);
    const post = (channel: Network, id: string) => posts.find((p) => p.channel === channel && p.id === id)!;
    expect(post('x', 'sale').text).toBe(
      `Winter sale: 20% off everything for a week. ${tracked('https://acme.example/sale', 'x', 'sale')}`,
    );
    expect(post('bluesky', 'sale').text).toBe(
      `${LONG} ${tracked('https://acme.example/sale', 'bluesky', 'sale')}`,
    );
    expect(post('x', 'guide').thread).toBeUndefined();
    expect(post('bluesky', 'guide').thread).toEqual(CALENDAR[2]!.variants!.bluesky!.thread);
    expect(post('mastodon', 'guide').thread).toEqual(CALENDAR[2]!.thread);
  });

  it(
    'an account that moves from X alone to channels x and bluesky: X keeps its old ledger, Bluesky gets every post',
    { timeout: 20_000 },
    async () => {
      // X does not refuse a repeated text here, so a post sent to X again would show as a second tweet.
      const world = await startWorld({ xRejectsDuplicates: false });
      const env = envOf(world);
      const before: CalendarPost[] = [
        {
          id: 'older',
          at: '2026-11-22T08:30:00Z',
          text: 'The repair bench is open.',
          link: 'https://acme.example/repair',
        },
      ];
      const channelLess = [...ACCOUNT_COMMON, 'platform: x', 'handle: "@news"'].join('\n');
      const root = await workspace(channelLess, before);
      const first = await publishJson(root, env);
      expect([first.code, keys(first.out.published)]).toEqual([0, ['-/older']]);
      expect(first.out.published[0]).not.toHaveProperty('channel');
      const oldLedger = await readFile(path.join(root, 'state', 'news.jsonl'), 'utf8');
      expect(oldLedger).toContain('"post":"older"');
      expect(world.x.postsOf('news')).toHaveLength(1);

      // The account gains channels (X first) and a new post.
      await writeFile(path.join(root, 'accounts', 'news.yaml'), channelsAccount(world, ['x', 'bluesky']));
      const after: CalendarPost[] = [
        ...before,
        { id: 'newer', at: '2026-11-22T08:40:00Z', text: 'Trail day on Saturday.' },
      ];
      await writeFile(
        path.join(root, 'content', 'news', 'posts.yaml'),
        JSON.stringify(after.map((post) => ({ category: 'news', ...post }))),
      );
      // The plan reads the old ledger as the X channel's: the older post is out on X, not on Bluesky.
      const plan = await runCliAsync(['plan', '--root', root, '--now', NOW, '--format', 'json']);
      const planned = (JSON.parse(plan.stdout) as { posts: (Entry & { published: boolean })[] }).posts;
      expect(planned.map((p) => `${p.channel}/${p.id}:${p.published}`).sort()).toEqual([
        'bluesky/newer:false',
        'bluesky/older:false',
        'x/newer:false',
        'x/older:true',
      ]);
      const second = await publishJson(root, env);
      expect(second.code).toBe(0);
      expect(keys(second.out.published)).toEqual(['bluesky/newer', 'bluesky/older', 'x/newer']);
      expect((await publishJson(root, env)).out.published).toEqual([]);

      const have = await onNetworks(world);
      expect(have.x.map((p) => p.text)).toEqual([
        // Sent before the account had channels: the code of the account, not of its X channel.
        `The repair bench is open. https://acme.example/repair?utm_source=x&utm_medium=social&utm_campaign=news&utm_content=${trackingCode('news', 'older')}`,
        'Trail day on Saturday.',
      ]);
      expect(have.bluesky.map((p) => p.text).sort()).toEqual(
        ['The repair bench is open. acme.example/repair…', 'Trail day on Saturday.'].sort(),
      );
      // The old ledger is left as it was; the X channel's own ledger has only the new post.
      expect(await readFile(path.join(root, 'state', 'news.jsonl'), 'utf8')).toBe(oldLedger);
      const xLedger = await ledgerOf(root, 'news@x');
      expect(new Set(xLedger.records.map((r) => r.post))).toEqual(new Set(['newer']));
      expect((await ledgerOf(root, 'news@bluesky')).sent.sort()).toEqual(
        have.bluesky.map((p) => p.id).sort(),
      );
    },
  );

  it(
    'an X account given channels with bluesky first: no channel sends, the ledger is named with what to change',
    { timeout: 20_000 },
    async () => {
      const world = await startWorld({ xRejectsDuplicates: false });
      const env = envOf(world);
      const older: CalendarPost[] = [
        { id: 'older', at: '2026-11-22T08:30:00Z', text: 'The repair bench is open.' },
      ];
      const root = await workspace([...ACCOUNT_COMMON, 'platform: x', 'handle: "@news"'].join('\n'), older);
      expect((await publishJson(root, env)).code).toBe(0);
      expect(world.x.postsOf('news')).toHaveLength(1);
      // Bluesky listed first would inherit X's history: X would send `older` again, Bluesky never.
      await writeFile(path.join(root, 'accounts', 'news.yaml'), channelsAccount(world, ['bluesky', 'x']));
      const run = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('state/news.jsonl');
      expect(run.stdout).toContain('holds posts that went out on X');
      expect(run.stdout).toMatch(/List x first under `channels:`/);
      expect(world.x.postsOf('news')).toHaveLength(1);
      expect((await onNetworks(world)).bluesky).toEqual([]);
      // In the right order, each channel does what is missing.
      await writeFile(path.join(root, 'accounts', 'news.yaml'), channelsAccount(world, ['x', 'bluesky']));
      const fixed = await publishJson(root, env);
      expect([fixed.code, keys(fixed.out.published)]).toEqual([0, ['bluesky/older']]);
      expect(world.x.postsOf('news')).toHaveLength(1);
    },
  );

  it(
    'a Mastodon account given channels with mastodon second: its instance tells the ledger is Mastodon’s, nothing is sent there again',
    { timeout: 20_000 },
    async () => {
      const world = await startWorld();
      const env = { ...envOf(world), CHORUS_NEWS_ACCESS_TOKEN: secretOf('news-mastodon', 'token') };
      const older: CalendarPost[] = [
        { id: 'older', at: '2026-11-22T08:30:00Z', text: 'The repair bench is open.' },
      ];
      const root = await workspace(
        [...ACCOUNT_COMMON, 'platform: mastodon', 'handle: news'].join('\n'),
        older,
      );
      expect((await publishJson(root, env)).code).toBe(0);
      expect(world.mastodon.statusesOf('news')).toHaveLength(1);
      await writeFile(path.join(root, 'accounts', 'news.yaml'), channelsAccount(world, ['x', 'mastodon']));
      const run = await runCliAsync(['publish', '--root', root, '--now', NOW], { env });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('holds posts that went out on Mastodon');
      expect(run.stdout).toMatch(/List mastodon first under `channels:`/);
      expect(world.mastodon.statusesOf('news')).toHaveLength(1);
      // Listed first, the Mastodon channel keeps its history; X sends the post once.
      await writeFile(path.join(root, 'accounts', 'news.yaml'), channelsAccount(world, ['mastodon', 'x']));
      const fixed = await publishJson(root, env);
      expect(keys(fixed.out.published)).toEqual(['x/older']);
      expect(world.mastodon.statusesOf('news')).toHaveLength(1);
    },
  );

  it(
    'a Bluesky account killed mid-post, then given channels with bluesky first: the new channel finds the record, sends nothing again',
    { timeout: 20_000 },
    async () => {
      const world = await startWorld();
      const env = {
        ...envOf(world),
        CHORUS_NEWS_IDENTIFIER: world.user.handle,
        CHORUS_NEWS_APP_PASSWORD: world.user.appPassword,
      };
      const posts: CalendarPost[] = [
        {
          id: 'older',
          at: '2026-11-22T08:30:00Z',
          text: 'The repair bench is open.',
          thread: ['Bring your jacket.'],
        },
      ];
      const channelLess = [
        ...ACCOUNT_COMMON,
        'platform: bluesky',
        `handle: ${world.user.handle}`,
        `server: ${pds.url}`,
      ].join('\n');
      const root = await workspace(channelLess, posts);
      expect((await publishJson(root, env)).out.published.map((e) => e.id)).toEqual(['older']);
      expect(await pds.listRecords(world.user.did)).toHaveLength(2);
      // As if killed after Bluesky created both parts and before the ledger recorded them: only intents are left.
      const file = path.join(root, 'state', 'news.jsonl');
      const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
      await writeFile(file, `${lines.filter((line) => !line.includes('"type":"published"')).join('\n')}\n`);

      await writeFile(
        path.join(root, 'accounts', 'news.yaml'),
        channelsAccount(world, ['bluesky', 'mastodon']),
      );
      const second = await publishJson(root, env);
      expect(second.out.failed).toEqual([]);
      // Found, not sent: a reconciliation is no publication.
      expect(keys(second.out.published)).toEqual(['mastodon/older']);
      const records = await pds.listRecords(world.user.did);
      expect(records.map((r) => r.value.text).sort()).toEqual([
        'Bring your jacket.',
        'The repair bench is open.',
      ]);
      const blueskyLedger = await ledgerOf(root, 'news@bluesky');
      expect(blueskyLedger.sent.sort()).toEqual(records.map((r) => r.uri).sort());
      expect(blueskyLedger.records.map((r) => [r.type, r.channel, r.found])).toEqual([
        ['reconciled', 'bluesky', true],
        ['reconciled', 'bluesky', true],
      ]);
      expect((await publishJson(root, env)).out.published).toEqual([]);
      expect(await pds.listRecords(world.user.did)).toHaveLength(2);
    },
  );
});
