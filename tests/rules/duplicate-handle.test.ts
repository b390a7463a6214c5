import duplicateHandle from '../../src/rules/duplicate-handle.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

testRule(duplicateHandle, {
  valid: [
    {
      name: 'distinct handles',
      files: { 'accounts/a.yaml': accountYaml(), 'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }) },
    },
    {
      name: 'turned off',
      files: {
        'chorus.yaml': 'rules:\n  duplicate-handle: off',
        'accounts/a.yaml': accountYaml(),
        'accounts/b.yaml': accountYaml(),
      },
    },
  ],
  invalid: [
    {
      name: 'the same handle, another case and without @, at the second file’s handle line',
      files: {
        'accounts/a.yaml': accountYaml('', { handle: 'Acme' }),
        'accounts/b.yaml': accountYaml('', { handle: 'acme_b' }),
        'accounts/c.yaml': accountYaml('', { handle: 'aCME' }).replace('handle: "@aCME"', 'handle: aCME'),
      },
      errors: [{ messageId: 'duplicate', line: 2, file: 'accounts/c.yaml' }],
    },
    {
      name: 'three files: each later one is reported',
      files: {
        'accounts/a.yaml': accountYaml(),
        'accounts/b.yaml': accountYaml(),
        'accounts/c.yaml': accountYaml(),
      },
      errors: [
        { messageId: 'duplicate', line: 2, file: 'accounts/b.yaml' },
        { messageId: 'duplicate', line: 2, file: 'accounts/c.yaml' },
      ],
    },
  ],
});
