import networkSupport from '../../src/rules/network-support.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

const weibo = [
  'platform: weibo',
  'handle: 示例品牌',
  'timezone: Asia/Shanghai',
  'language: zh-CN',
  'owner: ana',
  'safe_domain: example.cn',
].join('\n');
const mastodon = [
  'platform: mastodon',
  'handle: acme@mastodon.social',
  'timezone: Europe/Berlin',
  'language: en',
  'owner: ana',
].join('\n');

const post = (id: string, extra = '') =>
  `- id: ${id}\n  category: news\n  text: 新品 https://example.cn/${id}\n${extra}`;
const images = (n: number) =>
  `  media:\n${Array.from({ length: n }, (_, i) => `    - { file: media/${i}.png, alt: Image ${i} }\n`).join('')}`;

testRule(networkSupport, {
  valid: [
    {
      name: 'a Weibo post with one image',
      files: { 'accounts/cn.yaml': weibo, 'content/cn/c.yaml': post('a', images(1)) },
    },
    {
      name: 'a thread and four images on Mastodon',
      files: {
        'accounts/m.yaml': mastodon,
        'content/m/c.yaml': post('a', `  thread:\n    - Two\n${images(4)}`),
      },
    },
    {
      name: 'a thread on X',
      files: { 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': post('a', '  thread:\n    - Two\n') },
    },
  ],
  invalid: [
    {
      name: 'a thread on Weibo, reported at its first reply',
      files: { 'accounts/cn.yaml': weibo, 'content/cn/c.yaml': post('a', '  thread:\n    - 二\n    - 三\n') },
      errors: [{ messageId: 'noThreads', line: 5, postId: 'a' }],
    },
    {
      name: 'two images on Weibo, reported at the second',
      files: { 'accounts/cn.yaml': weibo, 'content/cn/c.yaml': post('a', images(2)) },
      errors: [{ messageId: 'tooManyImages', line: 6 }],
    },
  ],
});
