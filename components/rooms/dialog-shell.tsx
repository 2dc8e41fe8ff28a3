'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import styles from './rooms.module.css';

interface DialogShellProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal `<dialog>`, open from its first render: the browser keeps focus inside, Escape closes
 * it, and focus returns to what opened it.
 */
export function DialogShell({ title, onClose, children }: DialogShellProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    dialog.current?.showModal();
    // The dialog's first field, where one is marked, rather than its Close button.
    dialog.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, []);
  return (
    <dialog ref={dialog} className={styles.dialog} aria-labelledby={titleId} onClose={onClose}>
      <div className={styles.dialogHeader}>
        <h2 id={titleId} className={styles.dialogTitle}>
          {title}
        </h2>
        <button type="button" className={styles.quiet} onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {children}
    </dialog>
  );
}
