'use client';

import { useState, useSyncExternalStore } from 'react';
import type { Attachment } from '@/lib/protocol';
import { INLINE_IMAGE_TYPES } from '@/lib/protocol-uploads';
import { fileKind, fileSize, shownSize } from '@/lib/client/file-labels';
import type { OutboxFile } from '@/lib/client/outbox';
import { uploadProgress } from '@/lib/client/uploads/upload-progress';
import { ImageViewer } from './image-viewer';
import styles from './message-attachments.module.css';

// One chunk for everything files look like: what the composer holds, what a message shows.
export { AttachmentChips } from './attachment-chips';

const isImage = (attachment: Attachment) =>
  INLINE_IMAGE_TYPES.includes(attachment.type) &&
  attachment.width !== undefined &&
  attachment.height !== undefined;

/**
 * A message's files: images as thumbnails whose size is reserved before they load (so nothing
 * below moves), opening full size in a viewer; every other file as a card that downloads it.
 */
export function MessageAttachments({ attachments }: { attachments: readonly Attachment[] }) {
  const [viewing, setViewing] = useState<Attachment>();
  return (
    <div className={styles.attachments}>
      {attachments.map((attachment) => {
        if (isImage(attachment)) {
          const size = shownSize(attachment.width ?? 1, attachment.height ?? 1);
          return (
            <button
              key={attachment.id}
              type="button"
              className={styles.image}
              aria-label={`View ${attachment.name}`}
              onClick={() => setViewing(attachment)}
            >
              <img
                src={attachment.thumbnailUrl ?? attachment.url}
                alt={attachment.name}
                width={size.width}
                height={size.height}
                loading="lazy"
                decoding="async"
              />
            </button>
          );
        }
        return (
          <a
            key={attachment.id}
            className={styles.card}
            href={attachment.url}
            download={attachment.name}
          >
            <span className={styles.cardName}>{attachment.name}</span>
            <span className={styles.cardMeta}>
              {fileKind(attachment.type)} · {fileSize(attachment.size)}
            </span>
          </a>
        );
      })}
      {viewing !== undefined && (
        <ImageViewer attachment={viewing} onClose={() => setViewing(undefined)} />
      )}
    </div>
  );
}

/** An unsent message's files: each with its upload's progress and a way to cancel it. */
export function PendingFiles({
  files,
  onCancel,
}: {
  files: readonly OutboxFile[];
  onCancel: (key: string) => void;
}) {
  useSyncExternalStore(uploadProgress.subscribe, uploadProgress.version, uploadProgress.version);
  return (
    <ul className={styles.pending} aria-label="Files">
      {files.map((file) => {
        const progress = uploadProgress.of(file.key);
        return (
          <li key={file.key} className={styles.pendingFile}>
            <span className={styles.cardName}>{file.name}</span>
            <span className={styles.cardMeta}>{fileSize(file.size)}</span>
            {file.uploadId === undefined ? (
              <>
                <progress
                  className={styles.progress}
                  max={1}
                  // No value yet (waiting its turn): the bar says "in progress" without a number.
                  value={progress}
                  aria-label={`Uploading ${file.name}`}
                />
                <button
                  type="button"
                  className={styles.cancel}
                  aria-label={`Cancel ${file.name}`}
                  onClick={() => onCancel(file.key)}
                >
                  Cancel
                </button>
              </>
            ) : (
              <span className={styles.cardMeta}>uploaded</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
