import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseInline, parseMarkdown, urlEnd } from '../../lib/client/markdown';

describe('parseInline', () => {
  it('reads bold, italic, code and links, nested where it makes sense', () => {
    assert.deepEqual(parseInline('a **b** c'), [
      { kind: 'text', text: 'a ' },
      { kind: 'bold', children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' c' },
    ]);
    assert.deepEqual(parseInline('*it* and _it_'), [
      { kind: 'italic', children: [{ kind: 'text', text: 'it' }] },
      { kind: 'text', text: ' and ' },
      { kind: 'italic', children: [{ kind: 'text', text: 'it' }] },
    ]);
    assert.deepEqual(parseInline('run `rm -rf **x**` now'), [
      { kind: 'text', text: 'run ' },
      { kind: 'code', text: 'rm -rf **x**' },
      { kind: 'text', text: ' now' },
    ]);
    assert.deepEqual(parseInline('**see https://example.com/a_b_c**'), [
      {
        kind: 'bold',
        children: [
          { kind: 'text', text: 'see ' },
          { kind: 'link', href: 'https://example.com/a_b_c', text: 'https://example.com/a_b_c' },
        ],
      },
    ]);
  });

  it('links http(s) and mailto only, without trailing punctuation', () => {
    assert.deepEqual(parseInline('go to https://example.com/x.'), [
      { kind: 'text', text: 'go to ' },
      { kind: 'link', href: 'https://example.com/x', text: 'https://example.com/x' },
      { kind: 'text', text: '.' },
    ]);
    assert.deepEqual(parseInline('(https://en.wikipedia.org/wiki/Foo_(bar))'), [
      { kind: 'text', text: '(' },
      {
        kind: 'link',
        href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
        text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      },
      { kind: 'text', text: ')' },
    ]);
    assert.deepEqual(parseInline('mailto:ops@example.com'), [
      { kind: 'link', href: 'mailto:ops@example.com', text: 'mailto:ops@example.com' },
    ]);
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '<a href="javascript:alert(1)">x</a>',
    ]) {
      assert.ok(
        parseInline(text).every((node) => node.kind === 'text'),
        `${text} became ${JSON.stringify(parseInline(text))}`,
      );
    }
  });

  it('leaves everything else as text: HTML, snake_case, lone markers, arithmetic', () => {
    for (const text of [
      '<script>alert(1)</script>',
      '<b>bold?</b>',
      'snake_case_name',
      '2 * 3 * 4',
      '** not bold **',
      'a*b',
      '`unclosed',
      '# heading? no',
      '[link](https://example.com)'.replace('https://example.com', 'x'),
    ]) {
      assert.deepEqual(parseInline(text), [{ kind: 'text', text }], text);
    }
  });
});

describe('parseMarkdown', () => {
  it('splits fenced code blocks from paragraphs and keeps their text literal', () => {
    assert.deepEqual(parseMarkdown('before\n```js\nconst a = **1**;\n<b>\n```\nafter'), [
      { kind: 'paragraph', children: [{ kind: 'text', text: 'before' }] },
      { kind: 'codeBlock', text: 'const a = **1**;\n<b>' },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'after' }] },
    ]);
    assert.deepEqual(parseMarkdown('line one\nline two'), [
      { kind: 'paragraph', children: [{ kind: 'text', text: 'line one\nline two' }] },
    ]);
    assert.deepEqual(parseMarkdown('```\nunclosed'), [
      { kind: 'paragraph', children: [{ kind: 'text', text: '```\nunclosed' }] },
    ]);
  });
});

describe('urlEnd', () => {
  /** `text` as something indexable that counts every character read from it. */
  function counted(text: string): { chars: ArrayLike<string>; reads: () => number } {
    let reads = 0;
    // One entry per UTF-16 unit, as a string indexes them.
    const units = Array.from({ length: text.length }, (_, i) => text.charAt(i));
    const chars = new Proxy(units, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { chars, reads: () => reads };
  }

  it('reads a crafted URL of closing parentheses a bounded number of times per character', () => {
    for (const length of [1_000, 4_000, 16_000]) {
      const url = `http://x.dev/${')'.repeat(length)}`;
      const { chars, reads } = counted(url);
      assert.equal(urlEnd(chars), 'http://x.dev/'.length);
      // Linear: two reads per character at most. The old trim recounted the parentheses of the
      // whole rest of the URL for each one it dropped (millions of reads at 4,000).
      assert.ok(reads() <= 2 * url.length, `${reads()} reads for ${url.length} characters`);
    }
  });

  it('keeps the parentheses a URL opened and drops what closes the sentence', () => {
    const cases: [string, string][] = [
      ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
      ['https://en.wikipedia.org/wiki/Foo_(bar)).', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
      ['https://x.dev/a).', 'https://x.dev/a'],
      ['https://x.dev/?q="a"!', 'https://x.dev/?q="a'],
      ['https://x.dev/]},;:', 'https://x.dev/'],
    ];
    for (const [url, expected] of cases) assert.equal(url.slice(0, urlEnd(url)), expected, url);
  });

  it('links the crafted message once, in full, with the parentheses as text', () => {
    const text = `http://x.dev/${')'.repeat(3_980)}`;
    const nodes = parseInline(text);
    assert.deepEqual(nodes[0], { kind: 'link', href: 'http://x.dev/', text: 'http://x.dev/' });
    assert.deepEqual(nodes[1], { kind: 'text', text: ')'.repeat(3_980) });
  });
});
