// A smoke run of `npm run bench -- --quick`: the harness measures, computes ratios and leaves files alone.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RUN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/run.js');

describe('bench/run.js --quick', () => {
  it('measures start-up, lint and the yaml floor and prints their ratios', () => {
    const result = spawnSync(process.execPath, [RUN, '--quick', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.stderr).not.toMatch(/^bench:/m);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      machine: { node: string; cores: number };
      results: Record<string, { median: number; runs: number; rssMiB?: number } | string>;
      ratios: { label: string; value: number | null; target: number | null }[];
    };
    expect(report.machine.node).toBe(process.version);
    for (const id of ['node', 'version', 'lint-shipped', 'floor-small', 'lint-cold-small']) {
      const stats = report.results[id];
      expect(typeof stats, id).toBe('object');
      if (typeof stats === 'object') {
        expect(stats.median).toBeGreaterThan(0);
        expect(stats.rssMiB).toBeGreaterThan(10);
      }
    }
    const startUp = report.ratios.find((r) => r.label === 'chorus --version / node -e 0');
    expect(startUp?.value).toBeGreaterThan(0);
    expect(startUp?.target).toBe(1.6);
    // Sizes that were not run have no figure rather than a made-up one.
    expect(report.ratios.find((r) => r.label === 'lint large cold / yaml floor large')?.value).toBeNull();
  });
});
