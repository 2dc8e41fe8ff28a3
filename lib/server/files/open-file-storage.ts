import { mkdir, rm } from 'node:fs/promises';
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

/**
 * The one place file storage is chosen: S3-compatible object storage when a bucket is named,
 * else `<data dir>/files`. Uploads in flight when the process stopped are abandoned: their
 * incoming directory is emptied at every start.
 */
export async function openFileStorage(
  config: Pick<Config, 'dataDir' | 's3'>,
): Promise<OpenedFiles> {
  const root = path.join(config.dataDir, 'files');
  const incomingDir = path.join(root, '.incoming');
  await rm(incomingDir, { recursive: true, force: true });
  await mkdir(incomingDir, { recursive: true });
  if (config.s3 === undefined) {
    return { storage: createLocalFileStorage(root), incomingDir, close: () => undefined };
  }
  const s3 = createS3FileStorage(config.s3);
  return { storage: s3, incomingDir, close: () => s3.close() };
}
