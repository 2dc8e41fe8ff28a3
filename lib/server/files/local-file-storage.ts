import { createReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FileStorage } from './file-storage';

// Keys are base64url ids (and `<id>.thumbnail`): nothing else may reach the file system.
const KEY_PATTERN = /^[A-Za-z0-9_-]{22}(?:\.thumbnail)?$/;

/**
 * Files under `<root>/<first two characters>/<key>`: a directory per prefix keeps any one
 * directory small. `put` renames, so the incoming directory must be on the same file system.
 */
export function createLocalFileStorage(root: string): FileStorage {
  const pathOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error(`not a file key: ${key}`);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    kind: 'local',
    put: async (key, sourcePath) => {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(sourcePath, target);
    },
    read: (key, range) => {
      const stream = createReadStream(pathOf(key), range);
      // Opening fails asynchronously: wait for it, so a missing file is a rejection here.
      return new Promise((resolve, reject) => {
        stream.once('ready', () => resolve(stream));
        stream.once('error', reject);
      });
    },
    remove: async (key) => {
      await rm(pathOf(key), { force: true });
    },
  };
}
