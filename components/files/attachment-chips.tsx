'use client';

import { useEffect, useMemo } from 'react';
import { fileSize } from '@/lib/client/file-labels';
import styles from './attachment-chips.module.css';

/** The files chosen for the next message, each with a preview (images) and a way to remove it. */
export function AttachmentChips({
  files,
  onChange,
}: {
  files: readonly File[];
  onChange: (files: readonly File[]) => void;
}) {
  const previews = useMemo(
    () => files.map((file) => (file.type.startsWith('image/') ? URL.createObjectURL(file) : '')),
    [files],
  );
  useEffect(
    () => () => {
      for (const url of previews) if (url !== '') URL.revokeObjectURL(url);
    },
    [previews],
  );
  return (
    <ul className={styles.chips} aria-label="Files to send">
      {files.map((file, index) => {
        const name = file.name === '' ? 'pasted image' : file.name;
        const preview = previews[index] ?? '';
        return (
          <li key={`${index}:${name}`} className={styles.chip}>
            {preview !== '' && <img src={preview} alt="" className={styles.preview} />}
            <span className={styles.name}>{name}</span>
            <span className={styles.size}>{fileSize(file.size)}</span>
            <button
              type="button"
              className={styles.remove}
              aria-label={`Remove ${name}`}
              onClick={() => onChange(files.filter((_, other) => other !== index))}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
