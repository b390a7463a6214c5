import dealUntracked from '../../src/rules/deal-untracked.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const deal = (link: string, category = 'deals') =>
  `- id: d\n  category: ${category}\n  text: Half price\n  link: ${link}\n`;

testRule(dealUntracked, {
  valid: [
    {
      name: 'no configuration: the deal link is tracked',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': deal('https://shop.example.com/x') },
    },
    {
      name: 'the link is on a subdomain of a tracked domain',
      files: {
        'accounts/a.yaml': accountYaml('tracking:\n  domains: [example.com]'),
        'content/a/c.yaml': deal('https://shop.example.com/x'),
      },
    },
    {
      name: 'a news post linking elsewhere is not a deal',
      files: {
        'accounts/a.yaml': accountYaml('tracking:\n  domains: [example.com]'),
        'content/a/c.yaml': deal('https://other.org/x', 'news'),
      },
    },
    {
      name: 'a deal without any link',
      files: {
        'accounts/a.yaml': accountYaml('tracking:\n  enabled: false'),
        'content/a/c.yaml': '- id: d\n  category: deals\n  text: Half price in all our shops\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the deal link is not on a tracked domain',
      files: {
        'accounts/a.yaml': accountYaml('tracking:\n  domains: [example.com]'),
        'content/a/c.yaml': deal('https://partner.org/x'),
      },
      errors: [{ messageId: 'untrackedHost', line: 4 }],
    },
    {
      name: 'tracking is off for the account',
      files: {
        'accounts/a.yaml': accountYaml('tracking:\n  enabled: false'),
        'content/a/c.yaml': deal('https://shop.example.com/x'),
      },
      errors: [{ messageId: 'trackingOff', line: 4 }],
    },
    {
      name: 'deals are not among the tracked categories; a URL in the text counts too',
      files: {
        'accounts/a.yaml': accountYaml('tracking:\n  categories: [news]'),
        'content/a/c.yaml': '- id: d\n  category: deals\n  text: Half price at https://shop.example.com/x\n',
      },
      errors: [{ messageId: 'trackingOff', line: 3 }],
    },
  ],
});
