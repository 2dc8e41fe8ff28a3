/**
 * The small, safe Markdown of chat messages, parsed to a tree that React renders as elements:
 * never to an HTML string, so no input can become markup other than these nodes.
 * `**bold**`, `*italic*` / `_italic_`, `` `code` ``, fenced code blocks, and `http(s)://` and
 * `mailto:` URLs as links. Everything else is text, exactly as written.
 * (Hand-written on purpose: Markdown libraries produce HTML to sanitize, or cost more first-load
 * JavaScript than the whole chat page may spend.)
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; children: Inline[] }
  | { kind: 'italic'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; text: string };

export type Block = { kind: 'paragraph'; children: Inline[] } | { kind: 'codeBlock'; text: string };

const FENCE = /```[^\n`]*\n?([\s\S]*?)```/g;

/**
 * One inline construct at a time, earliest first. Code spans win over everything (their inside
 * is literal), then links, then emphasis. Emphasis needs non-space just inside its markers, and
 * `_` only counts at word edges (so snake_case_names stay text).
 */
const INLINE =
  /(`[^`\n]+`)|((?:https?:\/\/|mailto:)[^\s<>]+)|\*\*(?=\S)([\s\S]*?\S)\*\*|\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/u;

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Where a URL matched in text really ends: punctuation that ends a sentence is not part of it
 * (`see https://x.dev.` links `https://x.dev`), and a closing parenthesis stays only when it
 * closes one inside the URL (Wikipedia links). One pass to count, one back from the end: a
 * message of 4,000 `)` costs every reader 8,000 reads, not 8 million.
 */
export function urlEnd(url: ArrayLike<string>): number {
  let opened = 0;
  let closed = 0;
  for (let i = 0; i < url.length; i++) {
    const char = url[i];
    if (char === '(') opened++;
    else if (char === ')') closed++;
  }
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1] ?? '';
    if (last === ')' && closed > opened) closed--;
    else if (!/[.,;:!?'"\]}]/.test(last)) break;
    end--;
  }
  return end;
}

function safeHref(url: string): string | undefined {
  try {
    return SAFE_PROTOCOLS.has(new URL(url).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

export function parseInline(text: string): Inline[] {
  const nodes: Inline[] = [];
  let rest = text;
  const pushText = (value: string) => {
    if (value === '') return;
    const last = nodes.at(-1);
    if (last?.kind === 'text') last.text += value;
    else nodes.push({ kind: 'text', text: value });
  };
  while (rest !== '') {
    const match = INLINE.exec(rest);
    if (match === null) {
      pushText(rest);
      break;
    }
    pushText(rest.slice(0, match.index));
    const [whole, code, url, bold, star, underscore] = match;
    let consumed = whole.length;
    if (code !== undefined) {
      nodes.push({ kind: 'code', text: code.slice(1, -1) });
    } else if (url !== undefined) {
      const trimmed = url.slice(0, urlEnd(url));
      consumed = trimmed.length;
      const href = safeHref(trimmed);
      if (href === undefined) pushText(trimmed);
      else nodes.push({ kind: 'link', href, text: trimmed });
    } else if (bold !== undefined) {
      nodes.push({ kind: 'bold', children: parseInline(bold) });
    } else {
      nodes.push({ kind: 'italic', children: parseInline(star ?? underscore ?? '') });
    }
    rest = rest.slice(match.index + consumed);
  }
  return nodes;
}

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let from = 0;
  const paragraph = (value: string) => {
    // Newlines around a code block belong to the block's edges, not to the text.
    const trimmed = value.replace(/^\n+|\n+$/g, '');
    if (trimmed !== '') blocks.push({ kind: 'paragraph', children: parseInline(trimmed) });
  };
  for (const match of text.matchAll(FENCE)) {
    paragraph(text.slice(from, match.index));
    blocks.push({ kind: 'codeBlock', text: (match[1] ?? '').replace(/\n$/, '') });
    from = match.index + match[0].length;
  }
  paragraph(text.slice(from));
  return blocks;
}
