// The HTML report of the shipped example, opened in a real headless Chromium at 1400 × 900: no script errors,
// every chart drawn, the overview table inside the first screen, no text overflowing its box; a screenshot is
// kept when CHORUS_SCREENSHOTS names a folder. Needs Debian's chromium at /usr/bin/chromium; machines without
// it skip this (the reason is in the name).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)(
  `HTML report in headless Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium is not installed)'}`,
  () => {
    // Each Chromium run is bounded (25 s) below this test's own limit, so a hung browser fails the test with
    // its status instead of vitest's timeout.
    it('opens the example report without errors, draws every chart, shows the overview in the first screen, overflows nothing', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'chorus-html-'));
      try {
        const file = path.join(dir, 'report.html');
        const made = runCli(
          [
            'report',
            '--state',
            'examples/scorecards/state',
            '--conversions',
            'examples/scorecards/conversions.csv',
            '--format',
            'html',
            '--out',
            file,
            '--now',
            '2027-01-04T12:00:00Z',
          ],
          { cwd: REPO },
        );
        expect(made.stderr).toBe(`chorus: report written to ${file}\n`);
        expect(made.code).toBe(0);
        const html = await readFile(file, 'utf8');
        const canvases = html.match(/<canvas data-chart=/g)?.length ?? 0;
        // Posts and revenue per week for the five accounts with several weeks, engagement per category for
        // the four with several categories.
        expect(canvases).toBe(5 * 2 + 4);
        expect(html).toContain('<table class="overview">');

        const browser = spawnSync(
          CHROMIUM,
          [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            `--user-data-dir=${path.join(dir, 'profile')}`,
            '--enable-logging=stderr',
            '--v=0',
            '--virtual-time-budget=5000',
            '--window-size=1400,900',
            '--dump-dom',
            `file://${file}`,
          ],
          { encoding: 'utf8', timeout: 25_000 },
        );
        expect(browser.status).toBe(0);
        // With --enable-logging every console message and uncaught exception is a ":CONSOLE:" line; the page logs none.
        expect(browser.stderr.split('\n').filter((line) => /:CONSOLE[:(]/.test(line))).toEqual([]);
        const body = /<body([^>]*)>/.exec(browser.stdout)?.[1] ?? '';
        expect(body).not.toContain('data-errors');
        expect(body).toContain(`data-charts="${canvases}"`);
        // Every chart's canvas has pixels drawn on it.
        expect(body).toContain(`data-painted="${canvases}"`);
        // No cell, figure or heading is wider than its box, and the page is not wider than the window.
        expect(body).toContain('data-overflow=""');
        // The overview table ends inside the first screen (the window's inner height, under 900).
        const viewport = /data-viewport="(\d+)x(\d+)"/.exec(body);
        const bottom = Number(/data-overview-bottom="(\d+)"/.exec(body)?.[1]);
        expect(Number(viewport?.[1])).toBe(1400);
        expect(bottom).toBeGreaterThan(0);
        expect(bottom).toBeLessThanOrEqual(Number(viewport?.[2]));

        const screens = process.env.CHORUS_SCREENSHOTS;
        if (screens) {
          const shot = spawnSync(
            CHROMIUM,
            [
              '--headless',
              '--no-sandbox',
              '--disable-gpu',
              '--hide-scrollbars',
              '--no-first-run',
              `--user-data-dir=${path.join(dir, 'profile')}`,
              '--virtual-time-budget=5000',
              '--window-size=1400,900',
              `--screenshot=${path.join(screens, 'report-first-screen.png')}`,
              `file://${file}`,
            ],
            { encoding: 'utf8', timeout: 25_000 },
          );
          expect(shot.status).toBe(0);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }, 60_000);
  },
);
