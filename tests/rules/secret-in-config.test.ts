import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { looksRandom, secretIn, tokenIn } from '../../src/model/secrets.js';
import secretInConfig from '../../src/rules/secret-in-config.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { DEFAULT_NOW, lintWithRule, testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

// Fake credentials shaped like X's (generated for this test; not real).
const ACCESS_TOKEN = '1467204857362-Qm7ZpX2vRk9TfB4wLc8NdY3hJs6GaE1uVo5iKr0';
const BEARER =
  'AAAAAAAAAAAAAAAAAAAAAH7q4gEAAAAAx9ZkR2mWq3TnV8bLp%2F5cYdJ4sF0hG6uE%3DkP1oQ7wZ9xM2vN3rT8yB5aC4dL6eS0fH';
const API_SECRET = 'q8Xv2LmR7tKp4WzN9cYb3HdJ6sFa1GeU5oTi0VrQy2MxBn7Lk4';
const calendar = '- id: p\n  category: news\n  text: Hello\n';

testRule(secretInConfig, {
  valid: [
    {
      name: 'environment variable names in credentials',
      files: {
        'accounts/a.yaml': accountYaml(
          'credentials:\n  app_key: CHORUS_ACME_APP_KEY\n  app_secret: CHORUS_ACME_APP_SECRET\n  access_token: CHORUS_A_ACCESS_TOKEN\n  access_secret: CHORUS_A_ACCESS_SECRET',
        ),
        'content/a/c.yaml': calendar,
      },
    },
    {
      name: 'ordinary posts with numbers, slugs and CamelCase',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml':
          '- id: p\n  category: news\n  text: 2026-12-01 SuperLongProductName2026 AcmeOutletAccessToken2026 12345678901234567890\n  link: https://shop.example.com/p/2026-black-friday-weekend?utm_source=x&token=abc\n',
      },
    },
    {
      name: 'ordinary ids, people, file names and alt text',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml':
          '- id: 2026-black-friday-weekend-boots-v2\n  category: news\n  text: Hello\n  author: maria.gonzalez@shop.example.com\n  approved_by: "@AcmeOutletSocialTeam2026"\n  media:\n    - file: media/IMG_20261128_142233_BlackFriday.png\n      alt: Photo of SuperLongProductName2026 boots\n',
      },
    },
    {
      name: 'turned off',
      files: {
        'chorus.yaml': 'rules:\n  secret-in-config: off',
        'accounts/a.yaml': accountYaml(`credentials:\n  access_token: ${ACCESS_TOKEN}`),
        'content/a/c.yaml': calendar,
      },
    },
  ],
  invalid: [
    {
      name: 'an X access token in credentials is not also a schema error',
      files: {
        'accounts/a.yaml': accountYaml(`credentials:\n  access_token: ${ACCESS_TOKEN}`),
        'content/a/c.yaml': calendar,
      },
      errors: [{ messageId: 'inCredentials', line: 8, file: 'accounts/a.yaml' }],
    },
    {
      name: 'a random-looking secret in credentials',
      files: {
        'accounts/a.yaml': accountYaml(
          `credentials:\n  app_key: CHORUS_ACME_APP_KEY\n  app_secret: ${API_SECRET}`,
        ),
        'content/a/c.yaml': calendar,
      },
      errors: [{ messageId: 'inCredentials', line: 9 }],
    },
    {
      name: 'a bearer token in a template of an account',
      files: {
        'accounts/a.yaml': accountYaml(`templates:\n  feed: "Bearer ${BEARER}"`),
        'content/a/c.yaml': calendar,
      },
      errors: [{ messageId: 'inConfig', line: 8 }],
    },
    {
      name: 'a key-named tracking parameter in chorus.yaml',
      files: {
        'chorus.yaml': `tracking:\n  params:\n    api_key: ${API_SECRET}`,
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': calendar,
      },
      errors: [{ messageId: 'inConfig', line: 3, file: 'chorus.yaml' }],
    },
    {
      name: 'tokens in a post text, thread and link query',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': `- id: p\n  category: news\n  text: oops ${ACCESS_TOKEN}\n  link: https://api.example.com/x?api_key=${API_SECRET}\n  thread:\n    - ${BEARER}\n`,
      },
      errors: [
        { messageId: 'inPost', line: 3 },
        { messageId: 'inPost', line: 4 },
        { messageId: 'inPost', line: 6 },
      ],
    },
    {
      name: 'a token as a post id',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': `- id: ${ACCESS_TOKEN}\n  category: news\n  text: Hello\n`,
      },
      errors: [{ messageId: 'inPost', line: 1 }],
    },
    {
      name: 'a token in media alt text and a file name',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': `- id: p\n  category: news\n  text: Hello\n  media:\n    - file: media/${ACCESS_TOKEN}.png\n      alt: boots ${ACCESS_TOKEN}\n`,
      },
      errors: [
        { messageId: 'inPost', line: 5 },
        { messageId: 'inPost', line: 6 },
      ],
    },
    {
      name: 'a secret key as author and approver',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/a/c.yaml': `- id: p\n  category: news\n  text: Hello\n  author: ${API_SECRET}\n  approved_by: ${BEARER}\n`,
      },
      errors: [
        { messageId: 'inPost', line: 4 },
        { messageId: 'inPost', line: 5 },
      ],
    },
    {
      name: 'a post of an unknown account is still checked',
      files: {
        'accounts/a.yaml': accountYaml(),
        'content/zz/c.yaml': `- id: p\n  category: news\n  text: ${ACCESS_TOKEN}\n`,
      },
      errors: [{ messageId: 'inPost', line: 3, file: 'content/zz/c.yaml' }],
    },
  ],
});

describe('secret-in-config details', () => {
  it('never puts the value in the message, and suggests a variable name', () => {
    const [problem] = lintWithRule(secretInConfig, {
      name: 'message',
      files: {
        'accounts/acme-news.yaml': accountYaml(`credentials:\n  access_token: ${ACCESS_TOKEN}`),
        'content/acme-news/c.yaml': calendar,
      },
    });
    expect(problem?.message).toContain(
      '`credentials.access_token` holds an X access token itself (value redacted)',
    );
    expect(problem?.message).toContain('`CHORUS_ACME_NEWS_ACCESS_TOKEN`');
    expect(JSON.stringify(problem)).not.toContain(ACCESS_TOKEN.slice(14));
  });

  it('a secret pasted into credentials is never used as a variable name', () => {
    const outcome = analyseWorkspace(
      rawWorkspaceFromFiles({
        'accounts/a.yaml': accountYaml(
          `credentials:\n  access_token: ${ACCESS_TOKEN}\n  app_key: CHORUS_ACME_KEY`,
        ),
      }),
      { now: new Date(DEFAULT_NOW) },
    );
    const credentials = outcome.workspace.accounts.get('a')?.credentials;
    expect(credentials?.access_token).toBe('CHORUS_A_ACCESS_TOKEN');
    expect(credentials?.app_key).toBe('CHORUS_ACME_KEY');
  });

  it('a malformed name that is no secret stays a schema error', () => {
    const outcome = analyseWorkspace(
      rawWorkspaceFromFiles({ 'accounts/a.yaml': accountYaml('credentials:\n  access_token: my token') }),
      { now: new Date(DEFAULT_NOW) },
    );
    expect(outcome.problems.map((p) => [p.ruleId, p.line])).toEqual([['schema', 8]]);
    expect(outcome.problems[0]?.message).not.toContain('my token');
  });

  it('tells tokens and random keys from names, slugs and words', () => {
    expect(tokenIn(`x ${ACCESS_TOKEN} y`)).toBe('an X access token');
    expect(tokenIn(`1234-aaaaaaaaaaaaaaaaaaaaaaaaaaaa then ${ACCESS_TOKEN}`)).toBe('an X access token');
    expect(tokenIn(BEARER)).toBe('an X bearer token');
    expect(tokenIn('A'.repeat(60))).toBeUndefined();
    expect(tokenIn('2026-12-01-black-friday')).toBeUndefined();
    expect(tokenIn('1234-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBeUndefined();
    expect(secretIn(API_SECRET)).toBe('a secret key');
    expect(secretIn('0f3a9c27b14e8d6a5f0c2b7e9d41a3c8')).toBe('a secret key');
    for (const word of [
      'CHORUS_ACME_NEWS_ACCESS_TOKEN',
      'ACME2026OUTLETTOKEN1234',
      'AcmeOutletAccessToken2026',
      'iPhone15ProMaxCase2026Edition',
      'https://shop.example.com/products/black-friday-2026-deal',
      'abcdefghijklmnopqrstuvwxyz',
    ]) {
      expect(secretIn(word), word).toBeUndefined();
    }
    expect(looksRandom('short1A')).toBe(false);
  });
});
