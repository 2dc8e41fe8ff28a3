import type { AckError } from '../../protocol';
import type { Outbox, OutboxEntry } from '../outbox';
import { keptFile } from './file-store';
import { uploadFile } from './upload-file';
import { uploadProgress } from './upload-progress';

/** A lost connection, a server error, or a session that is being renewed: try again soon. */
const RETRY_MS = 3_000;

export type Prepared =
  | { kind: 'ready'; entry: OutboxEntry }
  | { kind: 'wait'; retryInMs: number }
  | { kind: 'failed'; failure: AckError }
  /** The entry is no longer in the outbox (discarded, or sent by another tab). */
  | { kind: 'gone' };

/**
 * Uploads every file of the entry the server does not hold yet, one at a time, from the bytes
 * kept in IndexedDB, writing each upload id into the entry as it comes back: after a reload,
 * only what had not finished is sent again. Reads the entry afresh after each file, since one
 * may have been cancelled meanwhile.
 */
export async function prepareFiles(
  clientId: string,
  outbox: Outbox,
  onChange: () => void,
): Promise<Prepared> {
  for (;;) {
    const entry = outbox.list().find((candidate) => candidate.clientId === clientId);
    if (entry === undefined) return { kind: 'gone' };
    const files = entry.files ?? [];
    const next = files.find((file) => file.uploadId === undefined);
    if (next === undefined) return { kind: 'ready', entry };
    const blob = await keptFile(next.key);
    if (blob === undefined) {
      return {
        kind: 'failed',
        failure: {
          code: 'invalid_payload',
          message: `“${next.name}” is no longer kept in this browser: attach it again`,
        },
      };
    }
    const controller = uploadProgress.start(next.key);
    const outcome = await uploadFile(
      blob,
      next.name,
      (fraction) => uploadProgress.set(next.key, fraction),
      controller.signal,
    );
    uploadProgress.end(next.key);
    // Cancelled: the entry no longer names the file; the loop reads what is left.
    if (controller.signal.aborted) continue;
    if (outcome.ok) {
      const current = outbox.list().find((candidate) => candidate.clientId === clientId);
      if (current === undefined) return { kind: 'gone' };
      outbox.setFiles(
        clientId,
        (current.files ?? []).map((file) =>
          file.key === next.key ? { ...file, uploadId: outcome.upload.id } : file,
        ),
      );
      onChange();
      continue;
    }
    const { status } = outcome;
    if (status === 0 || status === 401 || status >= 500)
      return { kind: 'wait', retryInMs: RETRY_MS };
    if (status === 429) return { kind: 'wait', retryInMs: outcome.retryAfterMs ?? RETRY_MS };
    // The server will never take this file (too large, not a readable image…).
    return {
      kind: 'failed',
      failure: { code: 'invalid_payload', message: `“${next.name}”: ${outcome.message}` },
    };
  }
}
