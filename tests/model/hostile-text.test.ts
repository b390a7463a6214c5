// Post text that would reach a terminal or X as something else: control characters, hashtags YAML took as comments.
import { describe, expect, it } from 'vitest';
import { analyseWorkspace } from '../../src/pipeline/analyse.js';
import { rawWorkspaceFromFiles } from '../../src/workspace/memory.js';
import { accountYaml } from '../helpers/workspace.js';

const lint = (calendar: string) =>
  analyseWorkspace(
    rawWorkspaceFromFiles({ 'accounts/a.yaml': accountYaml(), 'content/a/c.yaml': calendar }),
    {
      now: new Date('2026-11-22T08:00:00Z'),
    },
  );
const schema = (calendar: string) => lint(calendar).problems.filter((p) => p.ruleId === 'schema');
const where = (calendar: string) => schema(calendar).map((p) => [p.line, p.column, p.postId, p.message]);

describe('control characters in post fields are a located schema error', () => {
  it('an OSC title, clear screen and colour in text; C1 CSI, NEL and U+2028 in thread, alt, link, author', () => {
    const outcome = lint(
      '- id: p\n  category: news\n  text: "Sale \\e]0;TITLE\\a\\e[2J\\e[31m now"\n' +
        '- id: q\n  category: news\n  text: ok\n  thread:\n    - "two \\u009B31m"\n    - "three\\N"\n' +
        '  media:\n    - file: media/a.png\n      alt: "boots\\Lnow"\n' +
        '  link: "https://shop.example.com/a\\tb"\n  author: "ana\\P"\n',
    );
    const problems = outcome.problems.filter((p) => p.ruleId === 'schema');
    expect(
      problems.map((p) => [p.line, p.column, p.postId, p.message.replace(/ at character.*/, '')]),
    ).toEqual([
      [3, 9, 'p', '`text`: contains the control character U+001B (ESC, a terminal escape)'],
      [8, 7, 'q', '`thread`: contains the control character U+009B (CSI, a terminal escape)'],
      [9, 7, 'q', '`thread`: contains the control character U+0085 (NEL, next line)'],
      [12, 12, 'q', '`alt`: contains the control character U+2028 (line separator)'],
      [13, 9, 'q', '`link`: contains the control character U+0009 (tab)'],
      [14, 11, 'q', '`author`: contains the control character U+2029 (paragraph separator)'],
    ]);
    expect(problems[0]?.message).toContain('at character 6; remove it');
    // The messages never carry the characters themselves, and neither post is scheduled.
    expect(JSON.stringify(outcome.problems)).not.toMatch(/\\u001b|\\u009b|\u0085|\u2028|\u2029/i);
    expect(outcome.workspace.posts).toEqual([]);
  });

  it('tabs and new lines in text, thread and alt are fine, and so is ordinary Unicode', () => {
    expect(
      schema(
        '- id: p\n  category: news\n  text: |\n    Line one\n    Line two\t🎉 ünï\n  thread:\n    - "a\\tb\\nc"\n' +
          '  media:\n    - file: media/a.png\n      alt: "two\\nlines"\n',
      ),
    ).toEqual([]);
  });
});

describe('hashtags YAML took out of a plain text as a comment (re-check 2)', () => {
  it('a continuation line that starts with # in text and a thread part; # in alt', () => {
    expect(
      where(
        '- id: p\n  category: deals\n  text: Winter sale on all boots\n    #deals #winter\n' +
          '  thread:\n    - Part two\n      #more\n' +
          '  media:\n    - file: media/a.png\n      alt: Photo of boots #winter\n' +
          '    - file: media/b.png\n      alt: Photo of\n        shoes\n        #shoes\n',
      ),
    ).toEqual([
      [
        4,
        5,
        'p',
        '`#deals #winter` at the start of a line starts a YAML comment, so it is not part of the text; quote the text (text: "Winter sale on all boots #deals #winter")',
      ],
      [
        7,
        7,
        'p',
        '`#more` at the start of a line starts a YAML comment, so it is not part of this thread part; quote the thread part (- "Part two #more")',
      ],
      [
        10,
        27,
        'p',
        '`#winter` after a space starts a YAML comment, so it is not part of the alt text; quote the alt text (alt: "Photo of boots #winter")',
      ],
      [
        14,
        9,
        'p',
        '`#shoes` at the start of a line starts a YAML comment, so it is not part of the alt text; quote the alt text (alt: "Photo of shoes #shoes")',
      ],
    ]);
  });

  it('several hashtag lines are named together, after a blank line too; the link is checked', () => {
    expect(
      where(
        '- id: p\n  category: news\n  text: Sale\n    #a\n\n    #b\n  link: https://shop.example.com/x\n    #utm\n',
      ).map(([line, , , message]) => [line, String(message).split(' starts')[0]]),
    ).toEqual([
      [4, '`#a #b` at the start of a line'],
      [8, '`#utm` at the start of a line'],
    ]);
  });

  it('CRLF line ends: the same error at the same place', () => {
    expect(
      where('- id: p\r\n  category: news\r\n  text: Winter sale\r\n    #deals\r\n').map(([l, c, , m]) => [
        l,
        c,
        String(m).split(' at')[0],
      ]),
    ).toEqual([[4, 5, '`#deals`']]);
  });

  it('no false positives: notes between posts and keys, `# note` below a text, quoted and block texts', () => {
    expect(
      schema(
        '# Black Friday week\n- id: p\n  category: news\n  text: Winter sale\n    # approved by ana\n' +
          '  #draft: check the price\n  thread:\n    - "Part #2"\n    #todo\n    - two\n' +
          '#tbd\n- id: q\n  category: news\n  text: "Winter sale"\n    #quoted-on-purpose\n' +
          '  media:\n    - file: media/a.png\n      alt: "Photo #1"\n' +
          '- id: r\n  category: news\n  text: >\n    Folded\n    #deals\n' +
          '# end of week\n',
      ),
    ).toEqual([]);
  });
});
