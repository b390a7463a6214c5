import { BUILTIN_PLATFORMS } from '../../src/platforms/index.js';
import { platformRegistry } from '../../src/platforms/registry.js';
import networkFit from '../../src/rules/network-fit.js';
import { echoPlatform, echoServer } from '../platforms/echo/index.js';
import { testRule } from '../helpers/rule-tester.js';
import { accountYaml } from '../helpers/workspace.js';

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
