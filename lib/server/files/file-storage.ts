import type { Readable } from 'node:stream';

/** A byte range, both ends included (as HTTP's `Range` says them). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded bytes live: a directory on this machine, or S3-compatible object storage that
 * several nodes share. Keys are upload ids (random, base64url) and `<id>.thumbnail`.
 */
export interface FileStorage {
  /** Stores the file at `sourcePath` under `key`; the source is consumed (moved or deleted). */
  put(key: string, sourcePath: string, type: string): Promise<void>;
  /** The stored bytes, or just `range` of them. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Deletes `key`; one that is already gone is not an error. */
  remove(key: string): Promise<void>;
  /** What `ops` and the logs call it. */
  readonly kind: 'local' | 's3';
}

/** The key of an upload's thumbnail. */
export const thumbnailKey = (id: string) => `${id}.thumbnail`;
