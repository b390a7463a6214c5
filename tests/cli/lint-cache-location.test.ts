// A --cache-location inside the workspace that is (or passes through) a committed link out of the
// workspace disables the cache: nothing is read or written outside, lint still runs.
import { mkdir, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

describe('lint --cache-location through a link', () => {
  it('a location that is a link out, passes through one, or dangles: no write outside, lint runs', async () => {
    const root = await makeWorkspace({
      'accounts/acme.yaml': accountYaml(),
      'content/acme/c.yaml': '- id: a\n  category: news\n  text: Fine\n  at: 2027-01-05 09:00\n',
    });
    const outside = await mkdtemp(path.join(tmpdir(), 'chorus-outside-'));
    await mkdir(path.join(outside, 'cachedir'));
    await symlink(path.join(outside, 'cachedir'), path.join(root, 'cc'));
    await symlink(outside, path.join(root, '.cache'));
    await symlink(path.join(outside, 'missing'), path.join(root, 'dangling'));
    for (const location of ['cc', '.cache/chorus', 'dangling']) {
      const result = runCli(['lint', '--cache-location', location, '--now', '2026-12-01T00:00:00Z'], {
        cwd: root,
        env: { CHORUS_CACHE_SECRET: 'test-secret' },
      });
      expect(result.stderr, location).toBe('');
      expect(result.code, location).toBe(0);
    }
    expect((await readdir(outside)).sort()).toEqual(['cachedir']);
    expect(await readdir(path.join(outside, 'cachedir'))).toEqual([]);
  });
});
