'use client';

import { useCallback, useState, type DragEvent } from 'react';
import { MAX_ATTACHMENTS } from '../protocol';

/**
 * The files waiting to go with the next message of `room` (another room starts with none), and
 * the handlers that let files be dropped anywhere on the room.
 */
export function useAttachedFiles(room: string) {
  const [attached, setAttached] = useState<{ room: string; files: readonly File[] }>();
  const files = attached?.room === room ? attached.files : [];
  const setFiles = useCallback(
    (next: readonly File[]) => setAttached({ room, files: next.slice(0, MAX_ATTACHMENTS) }),
    [room],
  );
  const dropTarget = {
    // Anything may be dropped; only files are taken (dropped text still lands in the box).
    onDragOver: (event: DragEvent) => event.preventDefault(),
    onDrop: (event: DragEvent) => {
      const dropped = [...event.dataTransfer.files];
      if (dropped.length === 0) return;
      event.preventDefault();
      setFiles([...files, ...dropped]);
    },
  };
  return { files, setFiles, dropTarget };
}
