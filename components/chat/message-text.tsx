import { mentionPattern } from '@/lib/protocol';
import styles from './chat.module.css';

/**
 * Message text as text (React escapes it), with `@name` mentions of the reader highlighted by
 * the same rule the server counts mentions with.
 */
export function MessageText({ text, reader }: { text: string; reader: string }) {
  if (!text.includes('@')) return <>{text}</>;
  const normalized = text.normalize('NFC');
  const parts: React.ReactNode[] = [];
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
  if (from === 0) return <>{text}</>;
  parts.push(normalized.slice(from));
  return <>{parts}</>;
}
