import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { UNKNOWN_TYPE } from '../../protocol-uploads';

const TEXT_SAMPLE_BYTES = 4096;

/**
 * The file's type from its bytes alone (magic numbers, via file-type); what the browser claimed
 * is never asked. Files with no signature that read as UTF-8 text are `text/plain`; the rest
 * are `application/octet-stream`. HTML and SVG carry no signature, so they are never an image.
 */
export async function sniffType(filePath: string): Promise<string> {
  const found = await fileTypeFromFile(filePath);
  if (found !== undefined) return found.mime;
  return (await looksLikeText(filePath)) ? 'text/plain' : UNKNOWN_TYPE;
}

async function looksLikeText(filePath: string): Promise<boolean> {
  const file = await open(filePath, 'r');
  try {
    const sample = Buffer.alloc(TEXT_SAMPLE_BYTES);
    const { bytesRead } = await file.read(sample, 0, TEXT_SAMPLE_BYTES, 0);
    if (bytesRead === 0) return false;
    const bytes = sample.subarray(0, bytesRead);
    if (bytes.includes(0)) return false;
    // A sample may cut a character in two at its end: only the last 3 bytes may be partial.
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const broken = text.split('\uFFFD').length - 1;
    return broken <= (bytesRead === TEXT_SAMPLE_BYTES ? 1 : 0);
  } finally {
    await file.close();
  }
}
