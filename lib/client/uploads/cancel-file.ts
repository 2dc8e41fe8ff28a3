import type { Outbox } from '../outbox';
import { forgetFiles } from './file-store';
import { uploadProgress } from './upload-progress';

/**
 * Takes one file out of an unsent message: its upload stops and its bytes are forgotten. A
 * message left with neither text nor files is discarded.
 */
export async function cancelFile(outbox: Outbox, clientId: string, key: string): Promise<void> {
  const entry = outbox.list().find((candidate) => candidate.clientId === clientId);
  if (entry !== undefined) {
    const files = (entry.files ?? []).filter((file) => file.key !== key);
    if (files.length === 0 && entry.message.trim() === '') outbox.remove(clientId);
    else outbox.setFiles(clientId, files);
  }
  uploadProgress.cancel(key);
  await forgetFiles([key]);
}
