// Makes every icon the app manifest and the notifications name from one source,
// scripts/icon.svg: `npm run icons` writes public/icons/. The outputs are committed (a build
// needs no image work); test/project/icons.test.ts checks they are what this script makes.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'scripts', 'icon.svg');
export const ICONS_DIR = path.join(ROOT, 'public', 'icons');
const BACKGROUND = '#3546c8';

/** File, size, and how much of the square the mark fills (maskable icons keep a safe zone). */
export const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1 },
  { file: 'icon-512.png', size: 512, scale: 1 },
  // Android crops maskable icons to a circle or squircle: the mark shrinks into the central 80 %.
  { file: 'maskable-512.png', size: 512, scale: 0.8 },
  { file: 'apple-touch-icon.png', size: 180, scale: 1 },
];

/** Renders every icon into `dir`. */
export async function makeIcons(dir) {
  await mkdir(dir, { recursive: true });
  for (const { file, size, scale } of ICONS) {
    const inner = Math.round(size * scale);
    const mark = await sharp(SOURCE, { density: 300 }).resize(inner, inner).png().toBuffer();
    const pad = Math.floor((size - inner) / 2);
    await sharp({ create: { width: size, height: size, channels: 4, background: BACKGROUND } })
      .composite([{ input: mark, left: pad, top: pad }])
      .png({ compressionLevel: 9 })
      .toFile(path.join(dir, file));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await makeIcons(ICONS_DIR);
