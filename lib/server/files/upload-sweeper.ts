import type { UploadStore } from '../store/types';
import { thumbnailKey, type FileStorage } from './file-storage';

/** Uploads nobody sent are removed after this long. */
export const UNSENT_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 10 * 60 * 1000;
const BATCH = 100;

export interface UploadSweeper {
  /** Marks unsent uploads older than a day removed, then deletes every removed upload's bytes. */
  sweep(): Promise<void>;
  /** Deletes the bytes of uploads already marked removed (a deleted message's files). */
  removeMarked(): Promise<void>;
  stop(): void;
}

/**
 * Deletes files that are no longer wanted. Rows are marked first (in the message delete's own
 * transaction, or by `expireUnsent`), bytes deleted next, rows forgotten last: a crash between
 * the steps leaves a marked row that the next sweep finishes, never bytes without a row or a row
 * without bytes that a message still shows. Every node may sweep; deletes are idempotent.
 */
export function createUploadSweeper(deps: {
  uploads: UploadStore;
  storage: FileStorage;
  onError: (error: unknown) => void;
  now?: () => number;
  /** Sweep on a timer (the server); tests call `sweep` themselves. */
  isPeriodic?: boolean;
}): UploadSweeper {
  const now = deps.now ?? Date.now;
  let running: Promise<void> | undefined;

  async function removeMarked() {
    for (;;) {
      const batch = await deps.uploads.removed(BATCH);
      if (batch.length === 0) return;
      await Promise.all(
        batch.map(async ({ id, hasThumbnail }) => {
          await deps.storage.remove(id);
          if (hasThumbnail) await deps.storage.remove(thumbnailKey(id));
        }),
      );
      await deps.uploads.forget(batch.map((upload) => upload.id));
      if (batch.length < BATCH) return;
    }
  }

  // One pass at a time per node: a second caller waits for the pass under way, then its own.
  const serial = (work: () => Promise<void>) => {
    const next = (running ?? Promise.resolve()).then(work, work);
    running = next.catch(() => undefined);
    return next;
  };

  const sweep = () =>
    serial(async () => {
      await deps.uploads.expireUnsent(new Date(now() - UNSENT_UPLOAD_TTL_MS));
      await removeMarked();
    });

  const timer =
    deps.isPeriodic === true
      ? setInterval(() => void sweep().catch(deps.onError), SWEEP_EVERY_MS)
      : undefined;
  timer?.unref();
  if (deps.isPeriodic === true) void sweep().catch(deps.onError);

  return {
    sweep,
    removeMarked: () => serial(removeMarked),
    stop: () => clearInterval(timer),
  };
}
