import { typingText } from '@/lib/client/typing-tracker';
import styles from './typing-indicator.module.css';

/** "Alice is typing…" under the messages; an empty line keeps the layout still. */
export function TypingIndicator({ names }: { names: readonly string[] }) {
  return (
    <p className={styles.typing} aria-live="polite">
      {typingText(names) ?? ''}
    </p>
  );
}
