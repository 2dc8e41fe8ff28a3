'use client';

import { useEffect, useId, useRef } from 'react';
import type { Attachment } from '@/lib/protocol';
import styles from './image-viewer.module.css';

/**
 * An image at full size in a modal dialog: Escape, the Close button or a click beside the image
 * closes it, and focus goes back to the thumbnail that opened it.
 */
export function ImageViewer({
  attachment,
  onClose,
}: {
  attachment: Attachment;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement;
    dialog.current?.showModal();
    return () => {
      if (opener instanceof HTMLElement) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      className={styles.viewer}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === dialog.current) dialog.current.close();
      }}
    >
      <div className={styles.bar}>
        <h2 id={titleId} className={styles.title}>
          {attachment.name}
        </h2>
        <a className={styles.action} href={attachment.url} download={attachment.name}>
          Download
        </a>
        <button type="button" className={styles.action} onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <img
        className={styles.image}
        src={attachment.url}
        alt={attachment.name}
        width={attachment.width}
        height={attachment.height}
      />
    </dialog>
  );
}
