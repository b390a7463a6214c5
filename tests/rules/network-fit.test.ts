import { describe, expect, it } from 'vitest';
import { BUILTIN_PLATFORMS } from '../../src/platforms/index.js';
import { platformRegistry } from '../../src/platforms/registry.js';
import networkFit from '../../src/rules/network-fit.js';
import { echoPlatform, echoServer } from '../platforms/echo/index.js';
import { testRule } from '../helpers/rule-tester.js';
import { runCli } from '../helpers/run-cli.js';
import { accountYaml, makeWorkspace } from '../helpers/workspace.js';

// A network without threads that takes one image (as Weibo), built from the echo test double.
const echo = echoPlatform(echoServer());
const single = {
  ...echo,
  id: 'single',
  name: 'Single',
  text: { ...echo.text, threads: false, media: { ...echo.text.media, maxImages: 1 } },
};
const platforms = platformRegistry([...BUILTIN_PLATFORMS.values(), echo, single]);
const account = (platform: string) =>
  `platform: ${platform}\nhandle: acme\ntimezone: UTC\nlanguage: en\nowner: ana\nslots:\n  daily: ["10:00"]\n`;
const image = (n: number) => `    - file: media/${n}.png\n      alt: Image ${n}\n`;
const post = (extra: string) => `- id: p\n  category: news\n  text: Hello\n${extra}`;
const on = (platform: string, extra: string) => ({
  'accounts/a.yaml': platform === 'x' ? accountYaml() : account(platform),
  'content/a/c.yaml': post(extra),
});

testRule(networkFit, {
  valid: [
    {
      name: 'a thread and 4 images on X',
      files: on('x', `  thread: [more]\n  media:\n${[1, 2, 3, 4].map(image).join('')}`),
    },
    {
      name: 'one image, no thread, on a one-image network',
      files: on('single', `  media:\n${image(1)}`),
      platforms,
    },
    { name: 'a thread on a network with threads', files: on('echo', '  thread: [more]\n'), platforms },
  ],
  invalid: [
    {
      name: 'a thread on a network without threads',
      files: on('single', '  thread: [more, and more]\n'),
      platforms,
      errors: [{ messageId: 'noThreads', line: 4 }],
    },
    {
      name: 'two images on a one-image network',
      files: on('single', `  media:\n${image(1)}${image(2)}`),
      platforms,
      errors: [{ messageId: 'tooManyImages', line: 4 }],
    },
    {
      name: 'an image on a network that takes none',
      files: on('echo', `  media:\n${image(1)}`),
      platforms,
      errors: [{ messageId: 'noImages', line: 4 }],
    },
  ],
});

// Images on disk: each network's own size and type limits (Bluesky takes 1,000,000 bytes; X 5 MB).
describe('network-fit on images found on disk', () => {
  const png = (bytes: number) => {
    const data = new Uint8Array(bytes);
    data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return data;
  };
  const bluesky =
    'platform: bluesky\nhandle: acme.bsky.social\ntimezone: UTC\nlanguage: en\nowner: ana\nslots:\n  daily: ["10:00"]\n';
  const calendar = (file: string) =>
    `- id: p\n  category: news\n  text: Hello\n  at: 2026-12-01T10:00:00Z\n  media:\n    - file: ${file}\n      alt: A picture\n`;

  it('a 1.2 MB image is too large on Bluesky, fine on X; a 0.9 MB one is fine on both', async () => {
    const root = await makeWorkspace({
      'accounts/sky.yaml': bluesky,
      'accounts/x.yaml': accountYaml(),
      'content/sky/c.yaml': calendar('media/big.png') + calendar('media/small.png').replace('id: p', 'id: q'),
      'content/x/c.yaml': calendar('media/big.png'),
      'media/big.png': png(1_200_000),
      'media/small.png': png(900_000),
    });
    const result = runCli(['lint', '--root', root, '--now', '2026-11-30T00:00:00Z', '--format', 'json']);
    const found = (
      JSON.parse(result.stdout) as {
        filePath: string;
        messages: { ruleId: string; message: string; line: number }[];
      }[]
    )
      .flatMap((file) => file.messages.map((m) => ({ file: file.filePath, ...m })))
      .filter((m) => m.ruleId === 'network-fit');
    expect(found).toEqual([
      expect.objectContaining({
        file: 'content/sky/c.yaml',
        line: 6,
        message: expect.stringContaining('media/big.png is 1,200 KB; Bluesky takes images up to 1,000 KB'),
      }),
    ]);
  });
});
