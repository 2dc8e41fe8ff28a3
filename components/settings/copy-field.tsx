import { useId, useState } from 'react';
import styles from './settings.module.css';

/** A link to pass on by hand: shown whole, selectable, with a Copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState<string>();
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied.');
    } catch {
      // The clipboard needs a secure context and permission; the text stays there to select.
      setCopied('Select the link and copy it.');
    }
  };
  return (
    <div className={styles.stack}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <div className={styles.row}>
        <input
          id={id}
          className={styles.field}
          value={value}
          readOnly
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className={styles.quiet} onClick={() => void copy()}>
          Copy
        </button>
      </div>
      {copied !== undefined && <p role="status">{copied}</p>}
    </div>
  );
}
