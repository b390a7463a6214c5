import minGap from '../../src/rules/min-gap.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const calendar = (times: string[]) =>
  times.map((at, i) => `- id: p${i}\n  category: news\n  text: Post number ${i}\n  at: ${at}`).join('\n');

testRule(minGap, {
  valid: [
    {
      name: 'posts an hour apart',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendar(['2026-12-01 09:00', '2026-12-01 10:00']),
      },
    },
    {
      name: 'a lower limit in the account file',
      files: {
        'accounts/a.yaml': accountYaml('limits: { min_gap_minutes: 15 }'),
        'content/a/c.yaml': calendar(['2026-12-01 09:00', '2026-12-01 09:20']),
      },
    },
    {
      name: 'two accounts may post at the same time',
      files: {
        'accounts/a.yaml': accountYaml(),
        'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
        'content/a/c.yaml': calendar(['2026-12-01 09:00']),
        'content/b/c.yaml': calendar(['2026-12-01 09:00']),
      },
    },
    {
      name: 'turned off in chorus.yaml',
      files: {
        'chorus.yaml': 'rules:\n  min-gap: off',
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendar(['2026-12-01 09:00', '2026-12-01 09:01']),
      },
    },
  ],
  invalid: [
    {
      name: 'posts 30 minutes apart',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendar(['2026-12-01 09:00', '2026-12-01 09:30']),
      },
      errors: [{ messageId: 'tooClose', line: 8 }],
    },
    {
      name: 'the limit from the rules section beats limits',
      files: {
        'accounts/a.yaml': accountYaml(
          'limits: { min_gap_minutes: 15 }\nrules:\n  min-gap: { minutes: 120 }',
        ),
        'content/a/c.yaml': calendar(['2026-12-01 09:00', '2026-12-01 10:30']),
      },
      errors: [{ messageId: 'tooClose', line: 8 }],
    },
    {
      name: 'order in the file does not matter, time does',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendar(['2026-12-01 10:00', '2026-12-01 09:45']),
      },
      errors: [{ messageId: 'tooClose', line: 4 }],
    },
  ],
});
