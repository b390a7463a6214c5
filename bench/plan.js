// Planning vs linting cost: 100 accounts × 1,000 posts (explicit and queued mixed). Run `npm run build` first.
// Usage: node bench/plan.js [accounts] [postsPerAccount]
import { performance } from 'node:perf_hooks';
import { runRules } from '../dist/lint/engine.js';
import { analyseWorkspace, schedulingConstraints } from '../dist/pipeline/analyse.js';
import { resolveRuleSettings } from '../dist/lint/rule-settings.js';
import { validateWorkspace } from '../dist/model/validate.js';
import { rules } from '../dist/rules/index.js';
import { buildTimeline } from '../dist/schedule/build.js';
import { renderPost } from '../dist/tracking/render.js';
import { rawWorkspaceFromFiles } from '../dist/workspace/memory.js';

const accounts = Number(process.argv[2] ?? 100);
const perAccount = Number(process.argv[3] ?? 1000);
const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney'];
const categories = ['news', 'news', 'blog', 'community', 'deals'];

// Deterministic pseudo-random numbers (mulberry32) so every run plans the same workspace.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** @type {Record<string, string>} */
const files = { 'chorus.yaml': 'planning:\n  horizon_days: 365\n' };
for (let a = 0; a < accounts; a++) {
  files[`accounts/acc${a}.yaml`] = [
    'platform: x',
    `handle: "@acc${a}"`,
    `timezone: ${zones[a % zones.length]}`,
    'language: en',
    'owner: ana',
    'slots:',
    '  weekdays: ["08:00", "10:00", "12:00", "14:00", "16:00", "18:00"]',
    '  weekends: ["10:00", "15:00"]',
    'limits:',
    '  quiet_hours: { start: "22:00", end: "07:00" }',
  ].join('\n');
  const lines = [];
  for (let i = 0; i < perAccount; i++) {
    const category = categories[Math.floor(random() * categories.length)];
    lines.push(
      `- id: p${i}`,
      `  category: ${category}`,
      `  text: Post ${i} of account ${a}, with some words.`,
    );
    const kind = random();
    if (kind < 0.3) {
      const day = new Date(Date.UTC(2027, 0, 1) + Math.floor(random() * 365) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      lines.push(
        `  at: ${day} ${String(7 + Math.floor(random() * 14)).padStart(2, '0')}:${random() < 0.5 ? '00' : '30'}`,
      );
    } else if (kind < 0.35) {
      const day = new Date(Date.UTC(2027, 0, 1) + Math.floor(random() * 365) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      lines.push(`  at: ${day}`);
    }
    if (category === 'deals') lines.push('  expires: 2027-12-31');
  }
  files[`content/acc${a}/calendar.yaml`] = lines.join('\n');
}

const now = new Date('2027-01-01T00:00:00Z');
const raw = rawWorkspaceFromFiles(files);
const ruleList = Object.values(rules);
const { workspace } = validateWorkspace(raw);
const settings = resolveRuleSettings(workspace, ruleList);
const constraints = schedulingConstraints(workspace, settings, ruleList);

/**
 * Median wall time of `runs` calls of `fn`.
 * @template T
 * @param {string} label
 * @param {() => T} fn
 * @returns {{ label: string; median: number; result: T }}
 */
function time(label, fn, runs = 5) {
  /** @type {number[]} */
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((x, y) => x - y);
  return { label, median: samples[Math.floor(runs / 2)] ?? Number.NaN, result: /** @type {T} */ (result) };
}

const validate = time('validate (parse done)', () => validateWorkspace(raw));
const plan = time('plan (buildTimeline)', () =>
  buildTimeline({
    workspace,
    constraints,
    render: (post, account, at) => {
      const platform = workspace.platforms.get(account.platform);
      if (!platform) throw new Error(`no platform "${account.platform}" for account ${account.id}`);
      return renderPost(post, account, at, platform.text);
    },
    now,
    published: undefined,
  }),
);
const timeline = plan.result;
const lint = time('lint (all rules on the timeline)', () =>
  runRules(ruleList, { workspace, timeline, now, settings }),
);
const full = time('full lint (validate+plan+rules)', () => analyseWorkspace(raw, { now }), 3);
const placed = timeline.entries.filter((/** @type {{ at: Date | undefined }} */ e) => e.at).length;
const queued = workspace.posts.filter((p) => p.at?.kind !== 'datetime').length;
console.log(
  `${accounts} accounts × ${perAccount} posts = ${workspace.posts.length} posts (${queued} queued), ${placed} placed, ${timeline.entries.length - placed} unplaced`,
);
for (const t of [validate, plan, lint, full])
  console.log(`${t.label.padEnd(34)} ${t.median.toFixed(0).padStart(6)} ms (median)`);
console.log(
  `plan / rules = ${(plan.median / lint.median).toFixed(2)}; plan / validate = ${(plan.median / validate.median).toFixed(2)}; plan / full lint = ${(plan.median / full.median).toFixed(2)}`,
);
console.log(`problems: ${lint.result.length}`);
