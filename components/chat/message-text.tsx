import type { ReactNode } from 'react';
import { parseMarkdown, type Inline } from '@/lib/client/markdown';
import { mentionPattern } from '@/lib/protocol';
import styles from './message-text.module.css';

/** Text with `@name` mentions of the reader marked, by the rule the server counts them with. */
function withMentions(text: string, reader: string): ReactNode {
  if (!text.includes('@')) return text;
  const normalized = text.normalize('NFC');
  const parts: ReactNode[] = [];
  let from = 0;
  for (const match of normalized.matchAll(mentionPattern(reader))) {
    const start = match.index + (match[1]?.length ?? 0);
    const mention = match[2] ?? '';
    parts.push(normalized.slice(from, start));
    parts.push(
      <mark key={start} className={styles.mention}>
        {mention}
      </mark>,
    );
    from = start + mention.length;
  }
  if (from === 0) return text;
  parts.push(normalized.slice(from));
  return parts;
}

function renderInline(nodes: Inline[], reader: string): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.kind) {
      case 'text':
        return <span key={index}>{withMentions(node.text, reader)}</span>;
      case 'bold':
        return <strong key={index}>{renderInline(node.children, reader)}</strong>;
      case 'italic':
        return <em key={index}>{renderInline(node.children, reader)}</em>;
      case 'code':
        return (
          <code key={index} className={styles.inlineCode}>
            {node.text}
          </code>
        );
      case 'link':
        return (
          <a key={index} href={node.href} target="_blank" rel="noopener noreferrer">
            {node.text}
          </a>
        );
    }
  });
}

/**
 * A message's text: the chat's small Markdown (see lib/client/markdown.ts) rendered as React
 * elements, so nothing in a message ever becomes HTML of its own.
 */
export function MessageText({ text, reader }: { text: string; reader: string }) {
  return parseMarkdown(text).map((block, index) =>
    block.kind === 'codeBlock' ? (
      <pre key={index} className={styles.codeBlock}>
        <code>{block.text}</code>
      </pre>
    ) : (
      <p key={index} className={styles.text}>
        {renderInline(block.children, reader)}
      </p>
    ),
  );
}
