// `chorus sandbox`: a newcomer's rehearsal with no X account. The sandbox runs as a child process (bounded);
// publish, metrics and report run against it with the environment it prints.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCredentialNames } from '../../src/model/validate.js';
import { x } from '../../src/platforms/x/index.js';
import { runCliAsync, startCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

const NOW = '2026-11-30T08:00:00Z';

/** Resolve with the output once `marker` appears, or reject after `ms`. */
function waitFor(read: () => string, marker: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (read().includes(marker)) {
        clearInterval(timer);
        resolve(read());
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error(`no "${marker}" within ${ms} ms; output so far:\n${read()}`));
      }
    }, 25);
  });
}

describe('chorus sandbox', () => {
  it('stands in for Mastodon and Weibo too: each network gets its stand-in, publish and metrics work', async () => {
    const root = await makeWorkspace({
      'accounts/acme-social.yaml':
        'platform: mastodon\nhandle: acme@mastodon.social\ntimezone: UTC\nlanguage: en\nowner: ana\n',
      'accounts/acme-cn.yaml':
        'platform: weibo\nhandle: 示例品牌\nsafe_domain: shop.example.cn\ntimezone: Asia/Shanghai\nlanguage: zh-CN\nowner: ana\n',
      'content/acme-social/2026-12.yaml':
        '- id: hello\n  category: news\n  text: Hello fediverse\n  at: 2026-12-01T10:00:00Z\n',
      'content/acme-cn/2026-12.yaml':
        '- id: hello\n  category: news\n  text: 你好 https://shop.example.cn/hello\n  at: 2026-12-01T10:00:00Z\n',
    });
    let stdout = '';
    const sandbox = startCli(['sandbox', '--root', root, '--now', NOW], { env: {} });
    sandbox.child.stdout!.on('data', (chunk: string) => (stdout += chunk));
    try {
      const text = await waitFor(() => stdout, 'Press Ctrl-C', 10_000);
      expect(text).toContain('a stand-in for Mastodon at http://127.0.0.1:');
      expect(text).toContain('a stand-in for the Weibo API at http://127.0.0.1:');
      const env = Object.fromEntries([...text.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      expect(Object.keys(env).sort()).toEqual([
        'CHORUS_ACME_CN_ACCESS_TOKEN',
        'CHORUS_ACME_SOCIAL_ACCESS_TOKEN',
        'CHORUS_MASTODON_API_URL',
        'CHORUS_WEIBO_API_URL',
      ]);
      const [, copy, suggestedNow] = /npx --no-install chorus --root (\S+) publish --now (\S+)/.exec(text)!;
      const published = await runCliAsync(['--root', copy!, 'publish', '--now', suggestedNow!], { env });
      expect(published.code, published.stdout + published.stderr).toBe(0);
      expect(published.stdout).toMatch(
        /published acme-social\/hello\s+https:\/\/mastodon\.social\/@acme\/\d+/,
      );
      expect(published.stdout).toMatch(/published acme-cn\/hello\s+https:\/\/m\.weibo\.cn\/status\/\d+/);
      const metrics = await runCliAsync(['--root', copy!, 'metrics', '--now', suggestedNow!], { env });
      expect(metrics.code, metrics.stderr).toBe(0);
      expect(metrics.stdout).toContain('800 followers');
      expect(metrics.stdout).toContain('2000 followers');
      sandbox.child.kill('SIGINT');
      const done = await Promise.race([
        sandbox.done,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('sandbox did not stop')), 10_000),
        ),
      ]);
      expect(done.stdout).toContain('Sandbox stopped: 2 post(s) were published to it.');
    } finally {
      sandbox.child.kill('SIGKILL');
    }
  }, 25_000);

  it('stands in for X with the workspace accounts: publish, ledger, metrics and report work, the real state/ is untouched', async () => {
    const root = await makeWorkspace({
      'accounts/acme-news.yaml': accountYaml('slots:\n  daily: ["10:00"]', {
        handle: 'AcmeNews',
        timezone: 'UTC',
      }),
      'content/acme-news/2026-12.yaml':
        '- id: hello\n  category: news\n  text: Hello from the sandbox\n  at: 2026-12-01 10:00\n' +
        '- id: later\n  category: news\n  text: A later post\n  at: 2026-12-03 10:00\n',
    });
    let stdout = '';
    const sandbox = startCli(['sandbox', '--root', root, '--now', NOW], {
      env: { CHORUS_X_APP_KEY: 'real-key' },
    });
    sandbox.child.stdout!.on('data', (chunk: string) => (stdout += chunk));
    try {
      const text = await waitFor(() => stdout, 'Press Ctrl-C', 10_000);
      expect(text).toContain('@AcmeNews  (acme-news)');
      const env = Object.fromEntries([...text.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      const names = defaultCredentialNames('acme-news', x.account.credentials);
      expect(Object.keys(env).sort()).toEqual(['CHORUS_X_API_URL', ...Object.values(names)].sort());
      expect(env.CHORUS_X_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(text).not.toContain('real-key');
      // It suggests a --now just after the next post, and a --root that is a copy of the workspace.
      const command = /npx --no-install chorus --root (\S+) publish --now (\S+)/.exec(text)!;
      const [, copy, suggestedNow] = command;
      expect(suggestedNow).toBe('2026-12-01T10:01:00Z');
      expect(copy).not.toBe(root);

      const published = await runCliAsync(['--root', copy!, 'publish', '--now', suggestedNow!], { env });
      expect(published.stdout).toMatch(
        /published acme-news\/hello\s+https:\/\/x\.com\/AcmeNews\/status\/\d+/,
      );
      expect(published.code).toBe(0);
      const ledger = await readFile(path.join(copy!, 'state', 'acme-news.jsonl'), 'utf8');
      expect(ledger).toContain('"type":"published"');
      expect(ledger).not.toContain('sandbox-acme-news-token');
      const metrics = await runCliAsync(['--root', copy!, 'metrics', '--now', suggestedNow!], { env });
      expect(metrics.code, metrics.stderr).toBe(0);
      expect(metrics.stdout).toContain('1000 followers');
      const report = await runCliAsync(
        ['--root', copy!, 'report', '--now', suggestedNow!, '--format', 'json'],
        {
          env,
        },
      );
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout).toContain('"hello"');
      // The user's own workspace has no ledger: the sandbox never writes there.
      expect(await readdir(root)).not.toContain('state');

      sandbox.child.kill('SIGINT');
      const done = await Promise.race([
        sandbox.done,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('sandbox did not stop')), 10_000),
        ),
      ]);
      expect(done.code).toBe(0);
      expect(done.stdout).toContain('Sandbox stopped: 1 post(s) were published to it.');
      expect(existsSync(copy!)).toBe(false);
    } finally {
      sandbox.child.kill('SIGKILL');
    }
  }, 25_000);
});
