// `node bench/profile.js [--size large] [--top 25] [-- <chorus args>]`: where does lint's time go?
// Generates a workspace, runs the built CLI under `node --cpu-prof`, and sums self time per function and per package.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GENERATED_NOW, generateWorkspace } from './generate.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = { small: [5, 200], large: [100, 1000], huge: [200, 1000] };

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }} CpuProfile
 */

/**
 * Which part of the program a script URL belongs to: a package, a Chorus stage (dist/<stage>), or Node/V8.
 * @param {string} url
 * @param {string} name
 */
export function categoryOf(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? 'node_modules';
  // Bundled chunks (dist/bundle/<name>-<hash>.js) are named after their first module.
  const chunk = /\/dist\/bundle\/([a-z-]+?)(?:-[A-Za-z0-9_-]{8})?\.js$/.exec(url);
  if (chunk) return `chorus bundle: ${chunk[1]}`;
  const stage = /\/dist\/([^/]+)\//.exec(url);
  if (stage) return `chorus ${stage[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return path.relative(REPO, fileURLToPath(url.startsWith('file:') ? url : `file://${url}`));
}

/**
 * Self time per function and per category, in milliseconds.
 * @param {CpuProfile} profile
 */
export function summarise(profile) {
  /** @type {Map<number, ProfileNode>} */
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const selfMicros = new Map();
  profile.samples.forEach((id, i) =>
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  /** @type {Map<string, number>} */
  const functions = new Map();
  /** @type {Map<string, number>} */
  const categories = new Map();
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const category = categoryOf(url, functionName);
    const file =
      /node_modules\/(.+)$/.exec(url)?.[1] ??
      (url ? path.relative(REPO, url.replace(/^file:\/\//, '')) : category);
    const name = (functionName || '(anonymous)').slice(0, 60);
    const key = `${name}  ${url ? `${file}:${lineNumber + 1}` : `[${category}]`}`;
    functions.set(key, (functions.get(key) ?? 0) + micros / 1000);
    categories.set(category, (categories.get(category) ?? 0) + micros / 1000);
  }
  const sorted = (/** @type {Map<string, number>} */ m) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    functions: sorted(functions),
    categories: sorted(categories),
  };
}

async function main() {
  const { values, positionals } = parseArgs({
    options: {
      size: { type: 'string', default: 'large' },
      top: { type: 'string', default: '25' },
      seed: { type: 'string', default: '1' },
    },
    allowPositionals: true,
  });
  const size = /** @type {keyof typeof SIZES} */ (values.size);
  const spec = /** @type {[number, number] | undefined} */ (SIZES[size]);
  if (!spec) throw new Error(`unknown size ${values.size}`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'chorus-profile-'));
  try {
    const root = path.join(tmp, 'workspace');
    await generateWorkspace(root, { accounts: spec[0], postsPerAccount: spec[1], seed: Number(values.seed) });
    const args = positionals.length > 0 ? positionals : ['lint', '--root', root, '--now', GENERATED_NOW];
    const profileDir = path.join(tmp, 'profile');
    const result = spawnSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', profileDir, path.join(REPO, 'bin', 'chorus.js'), ...args],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    if (result.status !== 0 && result.status !== 1) throw new Error(`chorus exited with ${result.status}`);
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no profile written');
    const summary = summarise(JSON.parse(readFileSync(path.join(profileDir, file), 'utf8')));
    const pct = (/** @type {number} */ ms) => `${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)} %`;
    console.log(
      `chorus ${args.join(' ')}\nprofiled ${summary.totalMs.toFixed(0)} ms\n\nself time by package / stage:`,
    );
    for (const [name, ms] of summary.categories.slice(0, 15))
      console.log(`  ${pct(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
    console.log(`\ntop ${values.top} functions by self time:`);
    for (const [name, ms] of summary.functions.slice(0, Number(values.top)))
      console.log(`  ${pct(ms)}  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`profile: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
