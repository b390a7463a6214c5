import weiboShare from '../../src/rules/weibo-share.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const weiboAccount = [
  'platform: weibo',
  'handle: 示例品牌',
  'timezone: Asia/Shanghai',
  'language: zh-CN',
  'owner: ana',
  'team: [ben, chloe]',
  'safe_domain: example.cn',
].join('\n');

const post = (id: string, text: string, extra = '') =>
  `- id: ${id}\n  category: news\n  text: ${JSON.stringify(text)}\n${extra}`;

testRule(weiboShare, {
  valid: [
    {
      name: 'a link on the secure domain in the text',
      files: {
        'accounts/cn.yaml': weiboAccount,
        'content/cn/c.yaml': post('a', '新品上市 https://example.cn/new'),
      },
    },
    {
      name: 'a link on a subdomain, given as `link:`',
      files: {
        'accounts/cn.yaml': weiboAccount,
        'content/cn/c.yaml': post('a', '新品上市', '  link: https://shop.example.cn/new\n'),
      },
    },
    {
      name: 'an X account needs no such link, and may use #hashtags',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('a', 'New in #store') },
    },
  ],
  invalid: [
    {
      name: 'no link at all',
      files: { 'accounts/cn.yaml': weiboAccount, 'content/cn/c.yaml': post('a', '新品上市') },
      errors: [{ messageId: 'noSafeLink', line: 3, postId: 'a' }],
    },
    {
      name: 'a link elsewhere, or on a look-alike domain',
      files: {
        'accounts/cn.yaml': weiboAccount,
        'content/cn/c.yaml':
          post('a', '新品 https://other.com/x') + post('b', '新品 https://badexample.cn/x'),
      },
      errors: [
        { messageId: 'noSafeLink', line: 3 },
        { messageId: 'noSafeLink', line: 6 },
      ],
    },
    {
      name: 'a #topic# is refused by share',
      files: {
        'accounts/cn.yaml': weiboAccount,
        'content/cn/c.yaml': post('a', '#双十一# 全场五折 https://example.cn/d'),
      },
      errors: [{ messageId: 'topic', line: 3 }],
    },
  ],
});
