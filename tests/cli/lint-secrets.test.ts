import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

// Fake credentials shaped like X's (generated for this test; not real).
const SECRETS = {
  accessToken: '1467204857362-Qm7ZpX2vRk9TfB4wLc8NdY3hJs6GaE1uVo5iKr0',
  apiSecret: 'q8Xv2LmR7tKp4WzN9cYb3HdJ6sFa1GeU5oTi0VrQy2MxBn7Lk4',
  bearer:
    'AAAAAAAAAAAAAAAAAAAAAH7q4gEAAAAAx9ZkR2mWq3TnV8bLp%2F5cYdJ4sF0hG6uE%3DkP1oQ7wZ9xM2vN3rT8yB5aC4dL6eS0fH',
  inPost: '98765432101-Zt4Yq9Wm2Ls7Kd3Hx8Nc5Vb1Rf6Gj0Pu4Ea9Io2Tk',
};

describe('chorus lint never prints a secret', () => {
  it.each(['stylish', 'json', 'github'])('in the %s format', async (format) => {
    const root = await makeWorkspace({
      'chorus.yaml': `tracking:\n  params:\n    api_key: ${SECRETS.apiSecret}\n`,
      'accounts/a.yaml': accountYaml(
        `credentials:\n  access_token: ${SECRETS.accessToken}\n  app_secret: ${SECRETS.apiSecret}\ntemplates:\n  feed: "Bearer ${SECRETS.bearer}"`,
      ),
      'content/a/c.yaml': `- id: p\n  category: news\n  text: "token ${SECRETS.inPost} #oops"\n  thread:\n    - ${SECRETS.bearer}\n`,
    });
    const result = runCli(['lint', '--root', root, '--format', format, '--now', '2026-11-22T08:00:00Z']);
    expect(result.code).toBe(1);
    const output = result.stdout + result.stderr;
    // Six findings, all by secret-in-config (none by schema), each saying the value is redacted.
    expect(output.match(/secret-in-config/g)?.length).toBeGreaterThanOrEqual(6);
    expect(output).not.toMatch(/\bschema\b/);
    expect(output.match(/value redacted/g)).toHaveLength(6);
    for (const secret of Object.values(SECRETS)) {
      expect(output).not.toContain(secret);
      // Not even a recognisable piece of it.
      for (let i = 0; i + 12 <= secret.length; i += 6) {
        const piece = secret.slice(i, i + 12);
        if (/^A+$/.test(piece)) continue;
        expect(output).not.toContain(piece);
      }
    }
  });
});
