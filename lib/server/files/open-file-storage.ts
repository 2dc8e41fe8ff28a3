import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../env';
import type { FileStorage } from './file-storage';
import { createLocalFileStorage } from './local-file-storage';
import { createS3FileStorage } from './s3-file-storage';

export interface OpenedFiles {
  storage: FileStorage;
  /** Where uploads arrive before they are stored (on this machine whatever the storage). */
  incomingDir: string;
  close(): void;
}

/** An incoming file untouched for this long belongs to an upload that will never finish. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * The one place file storage is chosen: S3-compatible object storage when a bucket is named,
 * else `<data dir>/files`. Uploads cut off by a stop or a crash leave files in the incoming
 * directory: each start removes those untouched for an hour (not all of them: another node may
 * share the data directory, and be receiving one right now).
 */
export async function openFileStorage(
  config: Pick<Config, 'dataDir' | 's3'>,
): Promise<OpenedFiles> {
  const root = path.join(config.dataDir, 'files');
  const incomingDir = path.join(root, '.incoming');
  await mkdir(incomingDir, { recursive: true });
  await removeAbandoned(incomingDir);
  if (config.s3 === undefined) {
    return { storage: createLocalFileStorage(root), incomingDir, close: () => undefined };
  }
  const s3 = await createS3FileStorage(config.s3);
  return { storage: s3, incomingDir, close: () => s3.close() };
}

async function removeAbandoned(dir: string): Promise<void> {
  const cutoff = Date.now() - ABANDONED_AFTER_MS;
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    const { mtimeMs } = await stat(file).catch(() => ({ mtimeMs: Infinity }));
    if (mtimeMs < cutoff) await rm(file, { force: true });
  }
}
