import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { Upload } from '../../lib/protocol-uploads';

/** Uploads `bytes` as `name` the way a browser's FormData does; returns the raw response. */
export function postUpload(
  url: string,
  cookie: string | undefined,
  name: string,
  bytes: Uint8Array,
  claimedType = 'application/octet-stream',
): Promise<Response> {
  const form = new FormData();
  // A copy on an ArrayBuffer of its own: Blob takes no views of shared memory.
  form.append('file', new Blob([new Uint8Array(bytes)], { type: claimedType }), name);
  return fetch(`${url}/api/uploads`, {
    method: 'POST',
    body: form,
    headers: cookie === undefined ? {} : { cookie },
  });
}

/** Uploads and returns the stored upload; anything but 201 fails the test. */
export async function upload(
  url: string,
  cookie: string,
  name: string,
  bytes: Uint8Array,
): Promise<Upload> {
  const response = await postUpload(url, cookie, name, bytes);
  const body = (await response.json()) as { upload: Upload };
  if (response.status !== 201)
    throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`);
  return body.upload;
}

/** GETs a file path (`/files/…`) as the holder of `cookie`. */
export function getFile(
  url: string,
  path: string,
  cookie: string | undefined,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}${path}`, {
    headers: { ...headers, ...(cookie === undefined ? {} : { cookie }) },
  });
}

/** A real PNG of `width` × `height`: a smooth gradient, like a photo's sky. */
export function png(width: number, height: number): Promise<Buffer> {
  const channels = 3;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      pixels[at] = Math.floor((x * 255) / width);
      pixels[at + 1] = Math.floor((y * 255) / height);
      pixels[at + 2] = (x + y) % 256;
    }
  }
  return sharp(pixels, { raw: { width, height, channels } }).png().toBuffer();
}

/**
 * A JPEG 600 wide and 400 high whose EXIF says "rotate 90°" (so it shows 400 × 600) and where it
 * was taken (GPS, IFD3 in libvips' naming), with an author in IFD0.
 */
export async function jpegWithLocation(): Promise<Buffer> {
  const base = await png(600, 400);
  return sharp(base)
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Alice at home' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 24/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 21/1 3/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Whether EXIF data (little-endian, as libvips writes it) points to a GPS directory (tag 0x8825). */
export function hasGpsDirectory(exif: Buffer | undefined): boolean {
  return exif !== undefined && exif.includes(Buffer.from([0x25, 0x88]));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a valid, fully decodable RGB PNG of `side` × `side` pixels of black that
 * compresses to a few hundred kilobytes (8,000² pixels: 64 megapixels, ~192 MB decoded).
 */
export function pngBomb(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.alloc(1 + side * 3); // filter byte 0, then black pixels
  const rows = Buffer.concat(Array.from({ length: side }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
