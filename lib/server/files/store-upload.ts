import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Upload } from '../../protocol-uploads';
import { HttpError } from '../http/route-kit';
import type { UploadStore } from '../store/types';
import { thumbnailKey, type FileStorage } from './file-storage';
import { InvalidImage, isProcessedImage, processImage } from './image-processing';
import type { ReceivedFile } from './receive-upload';
import { sniffType } from './sniff-type';

/** 128 random bits: an upload's id, its URL and its storage key. */
export const newUploadId = () => randomBytes(16).toString('base64url');

/**
 * Makes a received file an upload: its type sniffed, an image re-encoded without metadata and
 * given a thumbnail, the bytes put in storage, then the row stored (so a row always has bytes).
 * The received file is consumed either way.
 */
export async function storeUpload(
  received: ReceivedFile,
  userId: number,
  deps: { uploads: UploadStore; storage: FileStorage },
): Promise<Upload> {
  const id = newUploadId();
  const processed = `${received.path}.image`;
  const thumbnail = `${received.path}.thumbnail`;
  try {
    const type = await sniffType(received.path);
    let upload: Upload = { id, name: received.name, size: received.size, type };
    let thumbnailSize: number | undefined;
    if (isProcessedImage(type)) {
      let image;
      try {
        image = await processImage(received.path, type, processed, thumbnail);
      } catch (error) {
        if (error instanceof InvalidImage) throw new HttpError(400, 'invalid_image', error.message);
        throw error;
      }
      upload = { ...upload, size: image.size, width: image.width, height: image.height };
      if (image.thumbnail !== undefined) {
        await deps.storage.put(thumbnailKey(id), image.thumbnail.path, 'image/webp');
        thumbnailSize = image.thumbnail.size;
      }
      await deps.storage.put(id, processed, type);
    } else {
      await deps.storage.put(id, received.path, type);
    }
    await deps.uploads.create({
      ...upload,
      userId,
      ...(thumbnailSize === undefined ? {} : { thumbnailSize }),
    });
    return upload;
  } finally {
    await Promise.all(
      [received.path, processed, thumbnail].map((file) => rm(file, { force: true })),
    );
  }
}
