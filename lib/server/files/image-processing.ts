import type { Metadata } from 'sharp';
import { MAX_IMAGE_PIXELS, THUMBNAIL_SIZE } from '../../protocol-uploads';

/** What came out of an image: its served copy, maybe a thumbnail, and its size as shown. */
export interface ProcessedImage {
  width: number;
  height: number;
  size: number;
  /** Absent when the image is no larger than a thumbnail, in pixels or in bytes. */
  thumbnail?: { path: string; size: number };
}

/** An image that is over the pixel limit, or that does not decode. */
export class InvalidImage extends Error {}

/**
 * sharp (and libvips) is loaded with the first image rather than at start, a few hundredths of a
 * second off every cold start. libvips runs in the libuv pool, never on the event loop. One image
 * at a time bounds the memory that decoding takes (a 50-megapixel image is ~150 MB decoded)
 * whatever the uploads at once.
 */
const load = () =>
  import('sharp').then(({ default: sharp }) => {
    sharp.concurrency(1);
    return sharp;
  });
let loaded: ReturnType<typeof load> | undefined;
const loadSharp = () => (loaded ??= load());
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work, work);
  queue = result.catch(() => undefined);
  return result;
}

const FORMATS = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
} as const;
type ImageType = keyof typeof FORMATS;

/** Whether Parley re-encodes and previews this (sniffed) type. */
export function isProcessedImage(type: string): type is ImageType {
  return type in FORMATS;
}

/**
 * Re-encodes the image at `source` into `target` with its orientation applied and no metadata
 * (EXIF, GPS, XMP, ICC comments: sharp writes none unless asked), and makes a WebP thumbnail of at
 * most THUMBNAIL_SIZE px at `thumbnailPath` when the image is larger. The pixel limit is checked
 * from the header, before any decoding.
 */
export function processImage(
  source: string,
  type: ImageType,
  target: string,
  thumbnailPath: string,
): Promise<ProcessedImage> {
  return oneAtATime(async () => {
    const sharp = await loadSharp();
    const isAnimated = type === 'image/gif' || type === 'image/webp';
    const options = {
      limitInputPixels: MAX_IMAGE_PIXELS,
      autoOrient: true,
      animated: isAnimated,
    };
    let header: Metadata;
    try {
      header = await sharp(source, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    } catch (error) {
      throw new InvalidImage(describe(error));
    }
    const frameHeight = header.pageHeight ?? header.height;
    if (header.width * frameHeight > MAX_IMAGE_PIXELS) {
      throw new InvalidImage(`Images are at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`);
    }
    try {
      const encoder = sharp(source, options).toFormat(FORMATS[type], { quality: 90 });
      const written = await encoder.toFile(target);
      const height = written.pageHeight ?? written.height;
      const result: ProcessedImage = { width: written.width, height, size: written.size };
      if (Math.max(written.width, height) > THUMBNAIL_SIZE) {
        const thumbnail = await sharp(target, { limitInputPixels: MAX_IMAGE_PIXELS })
          .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside' })
          .webp({ quality: 80 })
          .toFile(thumbnailPath);
        // A thumbnail no smaller than the image saves nobody anything: the image is shown.
        if (thumbnail.size < written.size) {
          result.thumbnail = { path: thumbnailPath, size: thumbnail.size };
        }
      }
      return result;
    } catch (error) {
      throw new InvalidImage(describe(error));
    }
  });
}

const describe = (error: unknown) =>
  error instanceof Error && /pixel limit/i.test(error.message)
    ? `Images are at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`
    : 'The image could not be read';
