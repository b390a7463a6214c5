// `npm run bench`: generates workspaces, times Chorus commands as child processes (hyperfine-style: warm-up,
// N runs, median with min/max, peak RSS) and prints ratios measured side by side; writes them to BENCHMARKS.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GENERATED_NOW, generateWorkspace } from './generate.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'bin', 'chorus.js');
const FLOOR = path.join(REPO, 'bench', 'yaml-floor.js');
const RSS_HOOK = path.join(REPO, 'bench', 'max-rss.js');
/** Where `chorus lint --cache` keeps its cache, relative to the workspace (deleted before each cold run). */
const CACHE_DIR = '.chorus-cache';
/** Everything after this line of BENCHMARKS.md is replaced by each run; the text above it is kept. */
const RESULTS_MARKER = '<!-- bench:results (everything below is written by `npm run bench`) -->';

/** @typedef {{ accounts: number, postsPerAccount: number }} SizeSpec */
/** @type {Record<string, SizeSpec>} */
const SIZES = {
  small: { accounts: 5, postsPerAccount: 200 },
  large: { accounts: 100, postsPerAccount: 1000 },
  huge: { accounts: 200, postsPerAccount: 1000 },
};

/**
 * @typedef {object} Sample
 * @property {number} ms Wall time in milliseconds.
 * @property {number | undefined} rssKiB Peak resident set size in KiB.
 */

/**
 * @typedef {object} Stats
 * @property {number} median
 * @property {number} min
 * @property {number} max
 * @property {number} runs
 * @property {number | undefined} rssMiB Median peak RSS in MiB.
 */

/**
 * @typedef {object} Measurement
 * @property {string} id Stable key, used by the ratios.
 * @property {string} label What is measured, for the table.
 * @property {string[]} [argv] Node arguments (script first) to run as a child process.
 * @property {string} [cwd]
 * @property {number[]} [okCodes] Exit codes that count as success (default [0]).
 * @property {() => void} [prepare] Runs before every run (warm-ups included), untimed.
 * @property {() => Promise<Sample>} [sample] Custom measurement instead of `argv` (e.g. publish fan-out).
 * @property {string} [unavailable] Why it cannot run yet; shown as "n/a (…)".
 */

/**
 * @typedef {object} Ratio
 * @property {string} label
 * @property {string} numerator Measurement id.
 * @property {string} denominator Measurement id, or "" for an absolute figure.
 * @property {'time' | 'rss'} [of] Compare wall times (default) or peak memory.
 * @property {number | undefined} target Upper bound; undefined for information only.
 * @property {string} [unit] For absolute figures.
 */

const HELP = `Usage: npm run bench -- [options]

Options:
  --sizes <list>   workspace sizes to generate: small,large,huge (default: all three)
  --runs <n>       timed runs per measurement (default 5); the median is quoted
  --warmup <n>     untimed runs before timing (default 1)
  --quick          smoke run: small only, 1 run, no warm-up, BENCHMARKS.md untouched
  --out <file>     where to write the results (default BENCHMARKS.md; --no-write to skip)
  --no-write       print only
  --json           print the results as JSON instead of tables
  --keep           keep the generated workspaces (their folder is printed)
  --seed <n>       generator seed (default 1)
  --baseline <dir> also time another built checkout of Chorus (e.g. a worktree of main after
                   \`npm run build\`) in the same rounds, and print a before/after table
  -h, --help       this text`;

/** @returns {{ sizes: string[], runs: number, warmup: number, quick: boolean, out: string | undefined, json: boolean, keep: boolean, seed: number, baseline: string | undefined }} */
function parseOptions() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      seed: { type: 'string' },
      baseline: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const sizes = (values.sizes ?? (quick ? 'small' : 'small,large,huge')).split(',').map((s) => s.trim());
  for (const size of sizes) {
    if (!(size in SIZES)) throw new Error(`unknown size "${size}"; use ${Object.keys(SIZES).join(', ')}`);
  }
  /** @param {string | undefined} value @param {number} fallback @param {number} min */
  const count = (value, fallback, min) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`expected a whole number >= ${min}, got "${value}"`);
    return n;
  };
  const write = !values['no-write'] && (!quick || values.out !== undefined);
  return {
    sizes,
    runs: count(values.runs, quick ? 1 : 5, 1),
    warmup: count(values.warmup, quick ? 0 : 1, 0),
    quick,
    out: write ? path.resolve(values.out ?? path.join(REPO, 'BENCHMARKS.md')) : undefined,
    json: values.json ?? false,
    keep: values.keep ?? false,
    seed: count(values.seed, 1, 0),
    baseline: values.baseline === undefined ? undefined : path.resolve(values.baseline),
  };
}

/** GNU time reports the peak RSS of any child; elsewhere a --import hook asks Node itself. */
function detectGnuTime() {
  const probe = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/.test(probe.stderr.trim().split('\n').pop() ?? '');
}
const GNU_TIME = detectGnuTime();

/**
 * Run `node ...argv` once and measure it.
 * @param {string[]} argv
 * @param {{ cwd?: string, okCodes?: number[] }} options
 * @returns {Sample}
 */
function runNode(argv, { cwd = REPO, okCodes = [0] }) {
  const rssFile = path.join(os.tmpdir(), `chorus-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const command = GNU_TIME ? '/usr/bin/time' : process.execPath;
  const args = GNU_TIME
    ? ['-f', '%M', '-o', rssFile, process.execPath, ...argv]
    : ['--import', RSS_HOOK, ...argv];
  const env = { ...process.env, NO_COLOR: '1', CHORUS_BENCH_RSS_FILE: rssFile };
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status === null || !okCodes.includes(result.status)) {
    throw new Error(
      `node ${argv.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stderr}`,
    );
  }
  let rssKiB;
  if (existsSync(rssFile)) {
    const last = readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '';
    rssKiB = Number(last) || undefined;
    rmSync(rssFile, { force: true });
  }
  return { ms, rssKiB };
}

/**
 * Like runNode, without blocking this process (the publish bench serves the X stand-in from it).
 * @param {string[]} argv
 * @param {{ env?: Record<string, string> }} options
 * @returns {Promise<Sample>}
 */
function runNodeAsync(argv, { env: extra = {} }) {
  const rssFile = path.join(os.tmpdir(), `chorus-bench-rss-async-${process.pid}`);
  rmSync(rssFile, { force: true });
  const command = GNU_TIME ? '/usr/bin/time' : process.execPath;
  const args = GNU_TIME
    ? ['-f', '%M', '-o', rssFile, process.execPath, ...argv]
    : ['--import', RSS_HOOK, ...argv];
  const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1', CHORUS_BENCH_RSS_FILE: rssFile, ...extra };
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`node ${argv.join(' ')} exited with ${code}:\n${stderr}`));
      let rssKiB;
      if (existsSync(rssFile)) {
        rssKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) || undefined;
        rmSync(rssFile, { force: true });
      }
      resolve({ ms, rssKiB });
    });
  });
}

/**
 * The private PostgreSQL cluster of the PostgreSQL fan-out, started on its first run, stopped at the end.
 * @type {Promise<{ createDatabase(name: string): Promise<string>, stop(): Promise<void> }> | undefined}
 */
let postgresCluster;

/** Accounts and due posts per account of the publish fan-out bench, and the stand-in's latency. */
const PUBLISH_ACCOUNTS = 50;
const PUBLISH_POSTS = 2;
const PUBLISH_LATENCY_MS = 200;
const PUBLISH_NOW = '2026-11-22T09:00:00Z';

/**
 * A workspace whose posts are all due at PUBLISH_NOW, with the stand-in's users and the credential variables.
 * @param {string} root
 */
function writePublishWorkspace(root) {
  /** @type {{ id: string, username: string, accessToken: string }[]} */
  const users = [];
  /** @type {Record<string, string>} */
  const env = { CHORUS_X_APP_KEY: 'bench-app-key', CHORUS_X_APP_SECRET: 'bench-app-secret' };
  mkdirSync(path.join(root, 'accounts'), { recursive: true });
  // min-gap off: both posts of an account are due at once.
  writeFileSync(path.join(root, 'chorus.yaml'), 'limits:\n  min_gap_minutes: 0\n');
  for (let a = 0; a < PUBLISH_ACCOUNTS; a++) {
    const id = `bench${String(a).padStart(2, '0')}`;
    const token = `bench-token-${id}`;
    users.push({ id: String(1000 + a), username: id, accessToken: token });
    env[`CHORUS_${id.toUpperCase()}_ACCESS_TOKEN`] = token;
    env[`CHORUS_${id.toUpperCase()}_ACCESS_SECRET`] = `bench-secret-${id}`;
    writeFileSync(
      path.join(root, 'accounts', `${id}.yaml`),
      ['platform: x', `handle: "@${id}"`, 'timezone: Europe/Berlin', 'language: en', 'owner: ana', ''].join(
        '\n',
      ),
    );
    mkdirSync(path.join(root, 'content', id), { recursive: true });
    const posts = Array.from({ length: PUBLISH_POSTS }, (_, p) =>
      [
        `- id: post-${p}`,
        '  category: news',
        `  text: "Update ${p} from ${id}: the ${['north', 'south', 'east', 'west'][a % 4]} store opens at ${8 + p}:${String(a).padStart(2, '0')} with ${a + p} new arrivals."`,
        `  at: "2026-11-22T08:${String(10 + p).padStart(2, '0')}:00Z"`,
      ].join('\n'),
    );
    writeFileSync(path.join(root, 'content', id, 'posts.yaml'), `${posts.join('\n')}\n`);
  }
  return { users, env };
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (/** @type {number} */ i) => sorted[i] ?? Number.NaN;
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * @param {Measurement} measurement
 * @returns {Promise<Sample>}
 */
async function sampleOnce(measurement) {
  measurement.prepare?.();
  if (measurement.sample) return measurement.sample();
  return runNode(/** @type {string[]} */ (measurement.argv), {
    ...(measurement.cwd ? { cwd: measurement.cwd } : {}),
    ...(measurement.okCodes ? { okCodes: measurement.okCodes } : {}),
  });
}

/**
 * @param {Sample[]} samples
 * @returns {Stats}
 */
function statsOf(samples) {
  const times = samples.map((s) => s.ms);
  const rss = /** @type {number[]} */ (samples.map((s) => s.rssKiB).filter((v) => v !== undefined));
  return {
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    runs: samples.length,
    rssMiB: rss.length > 0 ? median(rss) / 1024 : undefined,
  };
}

/**
 * Measure every available entry in rounds (warm-ups, then run 1 of each, run 2 of each, …), so that a
 * change in machine load during the bench hits numerator and denominator of each ratio alike.
 * Order within a round matters: a warm lint follows its cold lint, which refills the cache.
 * @param {Measurement[]} list
 * @param {{ runs: number, warmup: number }} options
 * @param {(text: string) => void} log
 * @returns {Promise<Map<string, Stats | string>>}
 */
async function measureAll(list, { runs, warmup }, log) {
  const available = list.filter((m) => !m.unavailable);
  /** @type {Map<string, Sample[]>} */
  const samples = new Map(available.map((m) => [m.id, []]));
  for (let round = 0; round < Math.max(warmup, 1); round++) {
    // A warm lint needs a filled cache, so it gets one warm-up run even with --warmup 0.
    const warming = available.filter((m) => round < warmup || m.id.startsWith('lint-warm-'));
    if (warming.length > 0) log(`warm-up ${round + 1}: ${warming.map((m) => m.id).join(', ')}`);
    for (const m of warming) await sampleOnce(m);
  }
  for (let round = 0; round < runs; round++) {
    log(`run ${round + 1}/${runs}`);
    for (const m of available) {
      const sample = await sampleOnce(m);
      samples.get(m.id)?.push(sample);
      log(
        `  ${m.label.padEnd(40)} ${formatMs(sample.ms).padStart(8)}  ${sample.rssKiB ? `${(sample.rssKiB / 1024).toFixed(0)} MiB` : ''}`,
      );
    }
  }
  /** @type {Map<string, Stats | string>} */
  const results = new Map();
  for (const m of list)
    results.set(m.id, m.unavailable ?? statsOf(/** @type {Sample[]} */ (samples.get(m.id))));
  return results;
}

/**
 * Whether a chorus subcommand exists (its own --help is printed), and its help text.
 * @param {string[]} args
 * @param {string} [bin] The CLI to ask (default: this checkout's).
 */
function chorusHelp(args, bin = BIN) {
  const result = spawnSync(process.execPath, [bin, ...args, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const help = result.stdout ?? '';
  // An unknown command's --help falls back to the program's help (exit 0), so check whose help it is.
  return { exists: result.status === 0 && help.includes(`Usage: chorus ${args.join(' ')}`), help };
}

/**
 * The commit of a baseline checkout, or its folder when it is not a git work tree.
 * @param {string} folder
 */
function baselineCommit(folder) {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: folder, encoding: 'utf8' });
  return commit.status === 0 && commit.stdout ? `commit ${commit.stdout.trim()}` : folder;
}

function machine() {
  const cpus = os.cpus();
  const git = (/** @type {string[]} */ ...args) =>
    spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : '';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commit: `${commit}${dirty}`,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    peakMemoryBy: GNU_TIME
      ? '/usr/bin/time (GNU) maximum resident set size'
      : 'process.resourceUsage().maxRSS via --import hook',
  };
}

/**
 * Every measurement, in table order. A measurement that needs a feature not built yet says so in
 * `unavailable`; the ratios that use it show "n/a". To add one: push an entry here and a ratio below.
 * With a baseline (another built checkout, `--baseline`), each Chorus measurement gets a twin that runs
 * the baseline's CLI on the same input (id suffix `@before`, its own cache folder), placed right after
 * it so both see the same machine load.
 * @param {{ sizes: string[], roots: Map<string, string>, publishRoot: string, baseline?: string }} input
 * @returns {Measurement[]}
 */
function measurements({ sizes, roots, publishRoot, baseline }) {
  const current = chorusMeasurements({ sizes, roots, publishRoot, bin: BIN, tag: '', cacheDir: CACHE_DIR });
  if (baseline === undefined) return current;
  const before = chorusMeasurements({
    sizes,
    roots,
    publishRoot: `${publishRoot}-before`,
    bin: path.join(baseline, 'bin', 'chorus.js'),
    tag: BEFORE,
    cacheDir: `${CACHE_DIR}-before`,
  });
  return current.flatMap((m) => {
    const twin = before.find((b) => b.id === `${m.id}${BEFORE}`);
    return twin ? [m, twin] : [m];
  });
}

/** Id suffix of a baseline twin (see measurements). */
const BEFORE = '@before';

/**
 * The measurements of one Chorus CLI (`bin`); `tag` is appended to ids and labels; `cacheDir` is its
 * lint cache folder inside each workspace. Rows that do not run Chorus (node, yaml floor) only untagged.
 * @param {{ sizes: string[], roots: Map<string, string>, publishRoot: string, bin: string, tag: string, cacheDir: string }} input
 * @returns {Measurement[]}
 */
function chorusMeasurements({ sizes, roots, publishRoot, bin, tag, cacheDir }) {
  const lintHelp = chorusHelp(['lint'], bin);
  const hasCache = lintHelp.help.includes('--cache');
  const plan = chorusHelp(['plan'], bin);
  const publish = chorusHelp(['publish'], bin);
  const lintCodes = [0, 1]; // problems found is still a full lint
  const label = (/** @type {string} */ text) => (tag ? `${text} (before)` : text);

  /** @type {Measurement[]} */
  const list = [
    ...(tag ? [] : [{ id: 'node', label: 'node -e 0', argv: ['-e', '0'] }]),
    { id: `version${tag}`, label: label('chorus --version'), argv: [bin, '--version'] },
    {
      id: `lint-shipped${tag}`,
      label: label('chorus lint (shipped workspace)'),
      argv: [bin, 'lint', '--now', GENERATED_NOW],
      okCodes: lintCodes,
    },
  ];
  for (const size of sizes) {
    const root = /** @type {string} */ (roots.get(size));
    const clearCache = () => rmSync(path.join(root, cacheDir), { recursive: true, force: true });
    const lintArgs = [bin, 'lint', '--root', root, '--now', GENERATED_NOW];
    const cacheArgs = [
      '--cache',
      ...(cacheDir === CACHE_DIR ? [] : ['--cache-location', path.join(root, cacheDir)]),
    ];
    if (!tag) list.push({ id: `floor-${size}`, label: `yaml floor, ${size}`, argv: [FLOOR, root] });
    list.push({
      id: `lint-cold-${size}${tag}`,
      label: label(`chorus lint, ${size}, cold`),
      argv: hasCache ? [...lintArgs, ...cacheArgs] : lintArgs,
      okCodes: lintCodes,
      prepare: clearCache,
    });
    list.push({
      id: `lint-warm-${size}${tag}`,
      label: label(`chorus lint, ${size}, warm`),
      argv: [...lintArgs, ...cacheArgs],
      okCodes: lintCodes,
      // The warm-up run (at least one) fills the cache; nothing changes between runs.
      ...(hasCache ? {} : { unavailable: 'not built yet: chorus lint --cache' }),
    });
    if (size === 'large') {
      list.push({
        id: `plan-large${tag}`,
        label: label('chorus plan, large'),
        argv: [bin, 'plan', '--root', root, '--format', 'json', '--now', GENERATED_NOW],
        okCodes: lintCodes,
        ...(plan.exists ? {} : { unavailable: 'not built yet: chorus plan' }),
      });
    }
  }
  // Publish fan-out against the local X stand-in (dist/platforms/x/stand-in.js) with 200 ms latency: a fresh
  // workspace of PUBLISH_ACCOUNTS accounts × PUBLISH_POSTS due posts per run, and the critical path: the
  // longest chain of requests one account made (the stand-in's log, by user) × the latency, since an
  // account's requests are sequential and accounts are independent.
  const standIn = path.join(REPO, 'dist', 'platforms', 'x', 'stand-in.js');
  const publishMissing = !publish.exists
    ? 'not built yet: chorus publish'
    : !existsSync(standIn)
      ? 'not built yet: X stand-in for the bench'
      : undefined;
  /** @type {number | undefined} */
  let criticalPathMs;
  let publishRun = 0;
  list.push({
    id: `publish-fanout${tag}`,
    label: label(
      `chorus publish fan-out (${PUBLISH_ACCOUNTS} accounts × ${PUBLISH_POSTS}, ${PUBLISH_LATENCY_MS} ms latency)`,
    ),
    ...(publishMissing
      ? { unavailable: publishMissing }
      : {
          sample: async () => {
            const { startXServer } = await import(pathToFileURL(standIn).href);
            const root = path.join(publishRoot, `run-${publishRun++}`);
            const { users, env } = writePublishWorkspace(root);
            const server = await startXServer({ users, latencyMs: PUBLISH_LATENCY_MS });
            try {
              const sample = await runNodeAsync([bin, 'publish', '--root', root, '--now', PUBLISH_NOW], {
                env: { ...env, CHORUS_X_API_URL: server.url },
              });
              /** @type {Map<string, number>} */
              const chains = new Map();
              for (const request of server.requests) {
                if (request.user) chains.set(request.user, (chains.get(request.user) ?? 0) + 1);
              }
              const posted = server.posts.length;
              if (posted !== PUBLISH_ACCOUNTS * PUBLISH_POSTS)
                throw new Error(`publish sent ${posted} posts, expected ${PUBLISH_ACCOUNTS * PUBLISH_POSTS}`);
              criticalPathMs = Math.max(...chains.values()) * PUBLISH_LATENCY_MS;
              return sample;
            } finally {
              await server.close();
              rmSync(root, { recursive: true, force: true });
            }
          },
        }),
  });
  // The same fan-out with the ledger and the locks in PostgreSQL (a private cluster started by this run,
  // fsync on like the files' O_SYNC writes; a fresh migrated database per run), measured in the same rounds.
  const clusterModule = path.join(REPO, 'dist', 'state', 'postgres', 'test-cluster.js');
  list.push({
    id: 'publish-fanout-postgres',
    label: `chorus publish fan-out, PostgreSQL state (${PUBLISH_ACCOUNTS} accounts × ${PUBLISH_POSTS}, ${PUBLISH_LATENCY_MS} ms latency)`,
    ...(publishMissing || !existsSync(clusterModule)
      ? { unavailable: publishMissing ?? 'not built yet: the PostgreSQL test cluster' }
      : {
          sample: async () => {
            const { postgresBinaries, startPostgresCluster } = await import(
              pathToFileURL(clusterModule).href
            );
            if (!postgresBinaries())
              throw new Error('PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin)');
            const cluster = await (postgresCluster ??= startPostgresCluster({ timeoutMs: 30_000 }));
            const url = await cluster.createDatabase(`bench_${publishRun}`);
            const { startXServer } = await import(pathToFileURL(standIn).href);
            const root = path.join(publishRoot, `run-${publishRun++}`);
            const { users, env } = writePublishWorkspace(root);
            const migrated = spawnSync(process.execPath, [BIN, 'state', 'migrate', '--root', root], {
              env: { PATH: process.env.PATH ?? '', CHORUS_STATE_URL: url },
              encoding: 'utf8',
            });
            if (migrated.status !== 0) throw new Error(`chorus state migrate failed: ${migrated.stderr}`);
            const server = await startXServer({ users, latencyMs: PUBLISH_LATENCY_MS });
            try {
              const sample = await runNodeAsync([BIN, 'publish', '--root', root, '--now', PUBLISH_NOW], {
                env: { ...env, CHORUS_X_API_URL: server.url, CHORUS_STATE_URL: url },
              });
              const posted = server.posts.length;
              if (posted !== PUBLISH_ACCOUNTS * PUBLISH_POSTS)
                throw new Error(`publish sent ${posted} posts, expected ${PUBLISH_ACCOUNTS * PUBLISH_POSTS}`);
              return sample;
            } finally {
              await server.close();
              rmSync(root, { recursive: true, force: true });
            }
          },
        }),
  });
  list.push({
    id: `publish-critical-path${tag}`,
    label: label(`publish critical path (longest chain × ${PUBLISH_LATENCY_MS} ms)`),
    ...(publishMissing
      ? { unavailable: publishMissing }
      : {
          // Measured by the fan-out run just before it in the same round.
          sample: async () => ({ ms: criticalPathMs ?? Number.NaN, rssKiB: undefined }),
        }),
  });
  return list;
}

/** @type {Ratio[]} */
const RATIOS = [
  { label: 'chorus --version / node -e 0', numerator: 'version', denominator: 'node', target: 1.6 },
  { label: 'chorus lint (shipped) / node -e 0', numerator: 'lint-shipped', denominator: 'node', target: 3 },
  {
    label: 'lint large cold / yaml floor large',
    numerator: 'lint-cold-large',
    denominator: 'floor-large',
    target: 0.8,
  },
  {
    label: 'lint small warm / lint small cold',
    numerator: 'lint-warm-small',
    denominator: 'lint-cold-small',
    target: 0.1,
  },
  {
    label: 'lint large warm / lint large cold',
    numerator: 'lint-warm-large',
    denominator: 'lint-cold-large',
    target: 0.1,
  },
  {
    label: 'lint huge warm / lint huge cold',
    numerator: 'lint-warm-huge',
    denominator: 'lint-cold-huge',
    target: 0.1,
  },
  {
    label: 'lint huge cold / lint large cold',
    numerator: 'lint-cold-huge',
    denominator: 'lint-cold-large',
    target: 2.2,
  },
  {
    label: 'publish fan-out / critical path',
    numerator: 'publish-fanout',
    denominator: 'publish-critical-path',
    target: 1.5,
  },
  {
    label: 'publish fan-out, PostgreSQL state / file state',
    numerator: 'publish-fanout-postgres',
    denominator: 'publish-fanout',
    target: undefined,
  },
  {
    label: 'peak memory, lint large cold (MiB)',
    numerator: 'lint-cold-large',
    denominator: '',
    of: 'rss',
    target: 1024,
    unit: 'MiB',
  },
  {
    label: 'lint small cold / yaml floor small',
    numerator: 'lint-cold-small',
    denominator: 'floor-small',
    target: undefined,
  },
  {
    label: 'lint huge cold / yaml floor huge',
    numerator: 'lint-cold-huge',
    denominator: 'floor-huge',
    target: undefined,
  },
  {
    label: 'plan large / lint large cold',
    numerator: 'plan-large',
    denominator: 'lint-cold-large',
    target: undefined,
  },
  {
    label: 'peak memory, lint huge cold (MiB)',
    numerator: 'lint-cold-huge',
    denominator: '',
    of: 'rss',
    target: undefined,
    unit: 'MiB',
  },
];

/**
 * @param {Ratio} ratio
 * @param {Map<string, Stats | string>} results
 * @returns {{ value: number | undefined, why: string | undefined }}
 */
function ratioValue(ratio, results) {
  const numerator = results.get(ratio.numerator);
  const denominator = ratio.denominator ? results.get(ratio.denominator) : undefined;
  if (numerator === undefined || (ratio.denominator && denominator === undefined))
    return { value: undefined, why: 'size not run' };
  if (typeof numerator === 'string') return { value: undefined, why: numerator };
  if (typeof denominator === 'string') return { value: undefined, why: denominator };
  if (ratio.of === 'rss')
    return numerator.rssMiB === undefined
      ? { value: undefined, why: 'no memory figure' }
      : { value: numerator.rssMiB, why: undefined };
  return { value: numerator.median / /** @type {Stats} */ (denominator).median, why: undefined };
}

/** @param {number} ms */
const formatMs = (ms) =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(0)} ms`;

/**
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {boolean} markdown
 */
function table(header, rows, markdown) {
  if (markdown) {
    return [
      `| ${header.join(' | ')} |`,
      `|${header.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ').replace(/ +\|/g, ' |')} |`),
    ].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * @param {Measurement[]} list
 * @param {Map<string, Stats | string>} results
 * @param {boolean} markdown
 */
function measurementTable(list, results, markdown) {
  const rows = list.map((m) => {
    const r = results.get(m.id);
    if (r === undefined || typeof r === 'string') return [m.label, 'n/a', '', '', '', r ?? 'not run'];
    return [
      m.label,
      formatMs(r.median),
      `${formatMs(r.min)} … ${formatMs(r.max)}`,
      String(r.runs),
      r.rssMiB === undefined ? '?' : `${r.rssMiB.toFixed(0)} MiB`,
      '',
    ];
  });
  return table(['measurement', 'median', 'min … max', 'runs', 'peak RSS', 'note'], rows, markdown);
}

/**
 * @param {Map<string, Stats | string>} results
 * @param {boolean} markdown
 */
function ratioTable(results, markdown) {
  const withBaseline = [...results.keys()].some((id) => id.endsWith(BEFORE));
  const rows = RATIOS.map((ratio) => {
    const { value, why } = ratioValue(ratio, results);
    const target =
      ratio.target === undefined ? '(info)' : `≤ ${ratio.target}${ratio.unit ? ` ${ratio.unit}` : ''}`;
    const shown = (/** @type {number | undefined} */ v, /** @type {string} */ reason = '') =>
      v === undefined
        ? `n/a${reason ? ` (${reason})` : ''}`
        : ratio.unit
          ? `${v.toFixed(0)} ${ratio.unit}`
          : `${v.toFixed(2)}×`;
    const before = withBaseline ? [shown(ratioValue(baselineRatio(ratio, results), results).value)] : [];
    if (value === undefined) return [ratio.label, ...before, 'n/a', target, why ?? ''];
    const verdict = ratio.target === undefined ? '' : value <= ratio.target ? 'pass' : 'FAIL';
    return [ratio.label, ...before, shown(value), target, verdict];
  });
  return table(
    ['ratio', ...(withBaseline ? ['before'] : []), 'measured', 'target', 'result'],
    rows,
    markdown,
  );
}

/**
 * The same ratio over the baseline's measurements (`…@before`), where the baseline has them (node -e 0
 * and the yaml floor are shared).
 * @param {Ratio} ratio
 * @param {Map<string, Stats | string>} results
 * @returns {Ratio}
 */
function baselineRatio(ratio, results) {
  const twin = (/** @type {string} */ id) => (id && results.has(`${id}${BEFORE}`) ? `${id}${BEFORE}` : id);
  return { ...ratio, numerator: twin(ratio.numerator), denominator: twin(ratio.denominator) };
}

/**
 * Before/after: each measurement that has a baseline twin, both medians and after ÷ before (below 1 is
 * faster); empty without a baseline.
 * @param {Measurement[]} list
 * @param {Map<string, Stats | string>} results
 * @param {boolean} markdown
 */
function beforeAfterTable(list, results, markdown) {
  const rows = list.flatMap((m) => {
    const before = results.get(`${m.id}${BEFORE}`);
    const after = results.get(m.id);
    if (before === undefined || m.id.endsWith(BEFORE)) return [];
    if (typeof before === 'string' || typeof after !== 'object')
      return [
        [m.label, typeof before === 'string' ? 'n/a' : '', typeof after === 'string' ? 'n/a' : '', '', ''],
      ];
    const rss = (/** @type {Stats} */ r) => (r.rssMiB === undefined ? '?' : `${r.rssMiB.toFixed(0)} MiB`);
    return [
      [
        m.label,
        formatMs(before.median),
        formatMs(after.median),
        `${(after.median / before.median).toFixed(2)}×`,
        `${rss(before)} → ${rss(after)}`,
      ],
    ];
  });
  if (rows.length === 0) return '';
  return table(['measurement', 'before', 'after', 'after / before', 'peak RSS'], rows, markdown);
}

async function main() {
  const options = parseOptions();
  const info = machine();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'chorus-bench-'));
  /** @type {Map<string, string>} */
  const roots = new Map();
  /** @type {Record<string, { files: number, posts: number, bytes: number }>} */
  const generated = {};
  const log = (/** @type {string} */ text) => process.stderr.write(`${text}\n`);
  try {
    if (!existsSync(path.join(REPO, 'dist', 'cli', 'index.js')))
      throw new Error('dist/ is missing: run `npm run build` (npm ci does it) first');
    for (const size of options.sizes) {
      const spec = /** @type {SizeSpec} */ (SIZES[size]);
      const root = path.join(tmp, size);
      const ws = await generateWorkspace(root, { ...spec, seed: options.seed });
      roots.set(size, root);
      generated[size] = { files: ws.files, posts: ws.posts, bytes: ws.bytes };
      log(
        `generated ${size}: ${spec.accounts} accounts × ${spec.postsPerAccount} posts, ${ws.files} files, ${(ws.bytes / 1024 / 1024).toFixed(1)} MiB`,
      );
    }
    if (options.baseline && !existsSync(path.join(options.baseline, 'bin', 'chorus.js')))
      throw new Error(`--baseline ${options.baseline}: no bin/chorus.js there (a built Chorus checkout)`);
    const list = measurements({
      sizes: options.sizes,
      roots,
      publishRoot: path.join(tmp, 'publish'),
      ...(options.baseline ? { baseline: options.baseline } : {}),
    });
    const results = await measureAll(list, options, log);

    if (options.json) {
      const ratios = RATIOS.map((r) => ({
        label: r.label,
        target: r.target ?? null,
        value: ratioValue(r, results).value ?? null,
      }));
      console.log(
        JSON.stringify(
          { machine: info, sizes: generated, results: Object.fromEntries(results), ratios },
          null,
          2,
        ),
      );
    } else {
      const beforeAfter = beforeAfterTable(list, results, false);
      console.log(
        `\n${measurementTable(list, results, false)}\n\n${ratioTable(results, false)}\n${beforeAfter ? `\n${beforeAfter}\n` : ''}`,
      );
    }
    if (options.out) {
      writeFileSync(options.out, renderMarkdown(options, info, generated, list, results));
      log(`wrote ${path.relative(process.cwd(), options.out) || options.out}`);
    }
  } finally {
    if (postgresCluster) await (await postgresCluster.catch(() => undefined))?.stop();
    if (options.keep) log(`kept the workspaces in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * BENCHMARKS.md: the hand-written part above RESULTS_MARKER is kept; the results below it are replaced.
 * @param {ReturnType<typeof parseOptions>} options
 * @param {ReturnType<typeof machine>} info
 * @param {Record<string, { files: number, posts: number, bytes: number }>} generated
 * @param {Measurement[]} list
 * @param {Map<string, Stats | string>} results
 */
function renderMarkdown(options, info, generated, list, results) {
  const previous = existsSync(/** @type {string} */ (options.out))
    ? readFileSync(/** @type {string} */ (options.out), 'utf8')
    : '';
  const at = previous.indexOf(RESULTS_MARKER);
  const head = at >= 0 ? previous.slice(0, at) : '# Benchmarks\n\nRun `npm run bench`.\n\n';
  const sizes = Object.entries(generated)
    .map(
      ([size, g]) =>
        `- ${size}: ${g.posts.toLocaleString('en')} posts in ${g.files.toLocaleString('en')} files, ${(g.bytes / 1024 / 1024).toFixed(1)} MiB`,
    )
    .join('\n');
  return `${head}${RESULTS_MARKER}

## Latest run

- Date: ${info.date}
- Commit: ${info.commit}
- Node.js: ${info.node}
- CPU: ${info.cpu}, ${info.cores} cores available
- Memory: ${info.memoryGiB} GiB
- OS: ${info.os}
- Load average when the run started: ${info.load}
- Runs per measurement: ${options.runs} (after ${options.warmup} warm-up); seed ${options.seed}
- Peak memory measured by: ${info.peakMemoryBy}

Workspaces:

${sizes}

### Ratios

${ratioTable(results, true)}

### Measurements

${measurementTable(list, results, true)}
${
  options.baseline
    ? `
### Before / after

Baseline (\`--baseline\`): ${baselineCommit(options.baseline)}, measured in the same rounds as this checkout.

${beforeAfterTable(list, results, true)}
`
    : ''
}`;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
