import styles from './chat.module.css';

const LOOKS = {
  inline: styles.inlineError,
  composer: styles.composerError,
  prompt: styles.promptError,
  room: styles.roomError,
  plain: undefined,
} as const;

interface ErrorMessageProps {
  /** Nothing is rendered without it. */
  text: string | undefined;
  /** For `aria-describedby` on the field it is about. */
  id?: string;
  look?: keyof typeof LOOKS;
}

/** An error, announced at once by screen readers (`role="alert"`): one markup for every view. */
export function ErrorMessage({ text, id, look = 'inline' }: ErrorMessageProps) {
  if (text === undefined) return null;
  return (
    <p id={id} role="alert" className={LOOKS[look]}>
      {text}
    </p>
  );
}
