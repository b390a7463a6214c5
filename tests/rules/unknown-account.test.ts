import { expect, it } from 'vitest';
import unknownAccount from '../../src/rules/unknown-account.js';
import { lintWithRule, testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const calendar = '- id: p\n  category: news\n  text: Hello\n';

testRule(unknownAccount, {
  valid: [
    {
      name: 'every calendar folder has an account',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/2026/12.yaml': calendar },
    },
    {
      name: 'turned off in chorus.yaml',
      files: {
        'chorus.yaml': 'rules:\n  unknown-account: off',
        'accounts/a.yaml': accountYaml(),
        'content/b/c.yaml': calendar,
        'content/stray.yaml': calendar,
      },
    },
  ],
  invalid: [
    {
      name: 'a folder without an account file, near an existing id',
      files: { 'accounts/acme-news.yaml': accountYaml(), 'content/acme-newz/c.yaml': calendar },
      errors: [{ messageId: 'noAccount', line: 1, file: 'content/acme-newz/c.yaml' }],
    },
    {
      name: 'every file of the unknown account is reported',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/outlet/1.yaml': calendar,
        'content/outlet/2.yaml': calendar,
        'content/outlet/sub/3.yaml': '',
      },
      errors: [
        { messageId: 'noAccount', line: 1, file: 'content/outlet/1.yaml' },
        { messageId: 'noAccount', line: 1, file: 'content/outlet/2.yaml' },
        { messageId: 'noAccount', line: 1, file: 'content/outlet/sub/3.yaml' },
      ],
    },
    {
      name: 'a YAML file directly in content/',
      files: { 'accounts/a.yaml': accountYaml(), 'content/december.yaml': calendar },
      errors: [{ messageId: 'strayFile', line: 1, file: 'content/december.yaml' }],
    },
    {
      name: 'an account that is off still counts as existing (severity is workspace-level)',
      files: {
        'chorus.yaml': 'rules:\n  unknown-account: warn',
        'accounts/a.yaml': accountYaml('rules:\n  unknown-account: off'),
        'content/a/c.yaml': calendar,
        'content/zz/c.yaml': calendar,
      },
      errors: [{ messageId: 'noAccount', line: 1, file: 'content/zz/c.yaml' }],
    },
  ],
});

it('suggests nothing when no account id is close', () => {
  const [problem] = lintWithRule(unknownAccount, {
    name: 'message',
    files: { 'accounts/acme-news.yaml': accountYaml(), 'content/outlet/c.yaml': calendar },
  });
  expect(problem?.message).not.toContain('Did you mean');
  expect(problem?.message).toContain('Create accounts/outlet.yaml');
});

it('names the missing file and the closest account, with the workspace severity', () => {
  const [problem] = lintWithRule(unknownAccount, {
    name: 'message',
    files: {
      'chorus.yaml': 'rules:\n  unknown-account: warn',
      'accounts/acme-news.yaml': accountYaml(),
      'content/acme-newz/c.yaml': calendar,
    },
  });
  expect(problem?.message).toContain('accounts/acme-newz.yaml');
  expect(problem?.message).toBe(
    'There is no account "acme-newz" (no accounts/acme-newz.yaml), so the posts in content/acme-newz/ are never published. Did you mean "acme-news" (content/acme-news/)? Create accounts/acme-newz.yaml, or move this calendar into the folder of an existing account.',
  );
  expect(problem?.severity).toBe('warn');
  expect(problem?.account).toBeUndefined();
});
