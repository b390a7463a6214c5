// Weibo's text half: counting and limits as found in Weibo's documents and composer, in tables.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/model/types.js';
import { weiboAccount } from '../../src/platforms/weibo/account.js';
import { onDomain, topics, weiboLength, weiboText } from '../../src/platforms/weibo/text.js';
import { weiboCountedLength } from '../../src/platforms/weibo/stand-in.js';

describe('Weibo length', () => {
  const long = `https://shop.example.cn/${'a'.repeat(200)}`;
  const cases: [string, string, number][] = [
    ['Chinese characters count 1 each', '双十一特价', 5],
    ['ASCII letters count half', 'ab', 1],
    ['an odd number of half-width units rounds up', 'abc', 2],
    ['digits and ASCII symbols are half', '50% off!', 4],
    ['full-width punctuation counts 1', '特价！', 3],
    ['a space is half', '特 价', 3],
    [
      'a URL counts 10 whatever its length up to 140 bytes',
      `看 https://shop.example.cn/d?${'u=1&'.repeat(25)}`,
      1 + 1 + 10,
    ],
    ['a short URL counts 10 too', 'https://a.cn', 10],
    [
      'a URL over 140 bytes counts 10 plus half a character per extra byte',
      long,
      Math.ceil((20 + 224 - 140) / 2),
    ],
    ['an emoji counts 1', '🎉', 1],
    ['140 Chinese characters fit', '字'.repeat(140), 140],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      expect(weiboLength(text)).toBe(expected);
      // The stand-in, written separately, agrees.
      expect(weiboCountedLength(text)).toBe(expected);
    });
  }

  it('the limit is 140 whatever the account', () => {
    expect(weiboText.maxLength({} as Account)).toBe(140);
    expect(weiboLength('字'.repeat(141))).toBeGreaterThan(140);
  });
});

describe('Weibo entities and account', () => {
  it('finds #topic# markers (refused by share), links and mentions', () => {
    expect(topics('今天 #双十一# 特价 #好物推荐#')).toEqual(['双十一', '好物推荐']);
    expect(topics('no topic in https://shop.example.cn/#a#b')).toEqual([]);
    expect(weiboText.links('看 https://shop.example.cn/x。')).toEqual(['https://shop.example.cn/x']);
    expect(weiboText.mentions('感谢 @示例品牌 和 @bob_1')).toEqual(['示例品牌', 'bob_1']);
  });

  it('matches the secure domain and its subdomains only', () => {
    expect(onDomain('https://example.cn/a', 'example.cn')).toBe(true);
    expect(onDomain('https://shop.example.cn/a', 'example.cn')).toBe(true);
    expect(onDomain('https://badexample.cn/a', 'example.cn')).toBe(false);
    expect(onDomain('https://example.cn.evil.com/a', 'example.cn')).toBe(false);
  });

  it('has no threads, one JPEG/GIF/PNG under 5 MB, no alt text requirement', () => {
    expect(weiboText.threads).toBe(false);
    expect(weiboText.media).toMatchObject({
      maxImages: 1,
      types: ['image/jpeg', 'image/gif', 'image/png'],
      altRequired: false,
    });
    expect(weiboText.media.maxBytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('nicknames are handles; post URLs need only the id', () => {
    expect(['示例品牌', 'acme_cn', '品牌-2'].map(weiboAccount.isHandle)).toEqual([true, true, true]);
    expect(['has space', 'x'.repeat(31), 'a.b'].map(weiboAccount.isHandle)).toEqual([false, false, false]);
    expect(weiboAccount.postUrl({} as Account, { id: '4950000000000000' })).toBe(
      'https://m.weibo.cn/status/4950000000000000',
    );
  });

  it('draftRequest is the exact statuses/share form body', () => {
    const context = {
      part: 0,
      media: [{ file: 'media/sale.png', alt: '' }],
      key: { account: 'a', post: 'p', part: 0 },
      account: {} as Account,
    };
    expect(
      weiboText.draftRequest({ text: '特价 https://shop.example.cn/x', lang: 'zh-CN' }, context),
    ).toEqual({
      status: '特价 https://shop.example.cn/x',
      pic: '<media/sale.png>',
    });
  });
});
