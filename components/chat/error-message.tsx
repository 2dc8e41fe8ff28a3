import styles from './error-message.module.css';

interface ErrorMessageProps {
  /** Nothing is rendered without it. */
  text: string | undefined;
  /** For `aria-describedby` on the field it is about. */
  id?: string;
  /** How it looks where it stands; an inline error by default. */
  className?: string | undefined;
}

/** An error, announced at once by screen readers (`role="alert"`): one markup for every view. */
export function ErrorMessage({ text, id, className = styles.inline }: ErrorMessageProps) {
  if (text === undefined) return null;
  return (
    <p id={id} role="alert" className={className}>
      {text}
    </p>
  );
}
