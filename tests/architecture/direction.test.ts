// The import-direction check of `npm run check` (.dependency-cruiser.mjs) fails on a new violation: a temporary
// copy of src/ with deliberately bad imports added is cruised exactly as `npm run check` does.
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const KNOWN = '.dependency-cruiser-known-violations.json';

/** Each bad import added to the copy, and the rule that must report it (from → to). */
const probes: { rule: string; from: string; to: string; code: string; append?: true }[] = [
  {
    rule: 'core-imports-no-effects',
    from: 'src/model/zz-probe.ts',
    to: 'src/cli/io.ts',
    code: "import '../cli/io.js';",
  },
  {
    rule: 'schedule-imports-no-later-stage',
    from: 'src/schedule/zz-probe.ts',
    to: 'src/lint/engine.ts',
    code: "import '../lint/engine.js';",
  },
  {
    // validate.ts → tracking/defaults.ts is a known violation of this rule: exemptions are per import, not per file.
    rule: 'validate-imports-no-later-stage',
    from: 'src/model/validate.ts',
    to: 'src/tracking/url.ts',
    code: "import '../tracking/url.js';",
    append: true,
  },
  {
    rule: 'read-imports-no-later-stage',
    from: 'src/workspace/zz-probe.ts',
    to: 'src/state/lock.ts',
    code: "import '../state/lock.js';",
  },
  { rule: 'core-does-no-io', from: 'src/rules/zz-probe.ts', to: 'fs', code: "import 'node:fs';" },
  {
    rule: 'stand-ins-only-for-tests-and-sandbox',
    from: 'src/platforms/x/zz-probe.ts',
    to: 'src/platforms/x/stand-in.ts',
    code: "import './stand-in.js';",
  },
  {
    rule: 'a-network-is-a-folder',
    from: 'src/publish/zz-probe-network.ts',
    to: 'src/platforms/x/api.ts',
    code: "import '../platforms/x/api.js';",
  },
  {
    rule: 'networks-do-not-know-each-other',
    from: 'src/platforms/zz-net/probe.ts',
    to: 'src/platforms/x/text.ts',
    code: "import '../x/text.js';",
  },
  {
    rule: 'network-libraries-stay-in-their-folder',
    from: 'src/tracking/zz-probe-library.ts',
    to: 'node_modules/twitter-text',
    code: "import 'twitter-text';",
  },
  {
    rule: 'platforms-imports-no-later-stage',
    from: 'src/platforms/zz-probe.ts',
    to: 'src/model/types.ts',
    code: "import type { Account } from '../model/types.js';\nexport type A = Account;",
  },
  {
    rule: 'src-imports-no-tests',
    from: 'src/tracking/zz-probe.ts',
    to: 'tests/zz-probe.ts',
    code: "import '../../tests/zz-probe.js';",
  },
  {
    rule: 'only-commands-run-the-pipeline',
    from: 'src/import/zz-probe.ts',
    to: 'src/pipeline/analyse.ts',
    code: "import '../pipeline/analyse.js';",
  },
  {
    rule: 'one-timeline-builder',
    from: 'src/publish/zz-probe.ts',
    to: 'src/schedule/build.ts',
    code: "import '../schedule/build.js';",
  },
  {
    rule: 'publish-imports-no-later-stage',
    from: 'src/metrics/zz-probe.ts',
    to: 'src/cli/io.ts',
    code: "import '../cli/io.js';",
  },
  {
    rule: 'every-module-has-a-stage',
    from: 'src/zz-probe/new-folder.ts',
    to: 'src/model/types.ts',
    code: "import '../model/types.js';",
  },
  { rule: 'no-dev-dependency-in-src', from: 'src/cli/zz-probe.ts', to: 'vitest', code: "import 'vitest';" },
  {
    // The cycle is reported once, from one of its modules.
    rule: 'no-circular',
    from: 'src/format/zz-probe-cycle-a.ts',
    to: 'src/format/zz-probe-cycle-b.ts',
    code: "import './zz-probe-cycle-b.js';",
  },
  { rule: '', from: 'src/format/zz-probe-cycle-b.ts', to: '', code: "import './zz-probe-cycle-a.js';" },
];

/** The baseline's entries. The file is JSON5: comment lines, then JSON. */
function knownViolations(): { from: string; to: string; rule: { name: string } }[] {
  const text = readFileSync(path.join(ROOT, KNOWN), 'utf8');
  return JSON.parse(
    text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('//'))
      .join('\n'),
  ) as { from: string; to: string; rule: { name: string } }[];
}

/** A violation line of depcruise's default output: `error <rule>: <from> → <to>` (a cycle continues below). */
function newViolations(output: string): string[] {
  return [...output.matchAll(/^\s*error (\S+): (\S+) →\s*(\S*)/gm)].map(
    ([, rule, from]) => `${rule} ${from}`,
  );
}

let copy: string;
let result: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
  copy = mkdtempSync(path.join(os.tmpdir(), 'chorus-arch-'));
  cpSync(path.join(ROOT, 'src'), path.join(copy, 'src'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json', '.dependency-cruiser.mjs', KNOWN]) {
    cpSync(path.join(ROOT, file), path.join(copy, file));
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  mkdirSync(path.join(copy, 'tests'));
  writeFileSync(path.join(copy, 'tests/zz-probe.ts'), 'export const probe = 1;\n');
  mkdirSync(path.join(copy, 'src/zz-probe'));
  mkdirSync(path.join(copy, 'src/platforms/zz-net'));
  for (const probe of probes) {
    const file = path.join(copy, probe.from);
    if (probe.append) appendFileSync(file, `\n${probe.code}\n`);
    else writeFileSync(file, `// A deliberately bad import.\n${probe.code}\n`);
  }
  // The command of `npm run check`, in the copy.
  result = spawnSync(process.execPath, [DEPCRUISE, 'src', '--ignore-known', '--no-progress'], {
    cwd: copy,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    timeout: 20_000,
  });
}, 25_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('import direction (dependency-cruiser, as npm run check runs it)', () => {
  it('fails on each new bad import, and on nothing else', () => {
    expect(result.status, result.stderr).not.toBe(0);
    const expected = probes
      .filter((probe) => probe.rule !== '')
      .map((probe) => `${probe.rule} ${probe.from}`);
    const found = newViolations(result.stdout);
    // The cycle may be reported from either of its two modules.
    const normalised = found.map((line) => line.replace('zz-probe-cycle-b.ts', 'zz-probe-cycle-a.ts'));
    expect(normalised.sort()).toEqual(expected.sort());
    expect(result.stdout).toContain(`${expected.length} dependency violations (${expected.length} errors`);
  });

  it('still finds every known violation (delete the entry of one you fixed from the baseline)', () => {
    const known = knownViolations();
    expect(known.length).toBeGreaterThan(0);
    expect(result.stdout).toContain(`${known.length} known violations ignored`);
  });
});

describe('docs/architecture.md', () => {
  it('lists every known violation of the baseline under "Known deviations", and their number', () => {
    const docs = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const deviations = docs.slice(docs.indexOf('## Known deviations'), docs.indexOf('## Running the check'));
    const text = deviations.replace(/\s+/g, ' ');
    const known = knownViolations();
    const missing = known.filter(({ from, to }) => !text.includes(`\`${from} → ${to}\``));
    expect(missing).toEqual([]);
    expect(text).toContain(`breaks the direction in ${known.length} places`);
  });
});

describe('only src/cli reads the environment (ESLint)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const code = '// probe\nexport const home = process.env.HOME;\n';

  it.each([
    ['src/model/zz-probe.ts', ['no-restricted-properties']],
    ['src/publish/zz-probe.ts', ['no-restricted-properties']],
    ['src/cli/zz-probe.ts', []],
  ])('%s → %j', async (filePath, rules) => {
    const [report] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
    expect(report?.messages.map((message) => message.ruleId)).toEqual(rules);
  });
});
