// Peak-memory probe for systems without GNU time: `node --import bench/max-rss.js …` writes the process's
// peak RSS in KiB to $CHORUS_BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const target = process.env.CHORUS_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    // maxRSS is in KiB on every platform Node supports.
    writeFileSync(target, `${process.resourceUsage().maxRSS}\n`);
  });
}
