/**
 * The upload contract (`POST /api/uploads`, `/files/…`): a module of its own so that only the
 * code that uploads, loaded on first use, carries it; `Attachment` itself is in `protocol.ts`.
 */
import * as z from 'zod/mini';

/** `PARLEY_MAX_UPLOAD_MB`'s default: the largest file one upload may carry. */
export const DEFAULT_MAX_UPLOAD_MB = 25;
/** Images with more pixels than this are refused before they are decoded (decompression bombs). */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** A thumbnail's longest side, in pixels. */
export const THUMBNAIL_SIZE = 800;
/** Image types a browser may show inline; everything else is always a download. */
export const INLINE_IMAGE_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
];
/** What an upload of a type nobody recognises is called. */
export const UNKNOWN_TYPE = 'application/octet-stream';
/** The part of the multipart body that carries the file. */
export const UPLOAD_FIELD = 'file';

export const uploadSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  type: z.string(),
  width: z.optional(z.number()),
  height: z.optional(z.number()),
});
export type Upload = z.infer<typeof uploadSchema>;
export const uploadResponseSchema = z.object({ upload: uploadSchema });
