// Makes every icon the app manifest and the notifications name from one source,
// scripts/icon.svg: `node scripts/make-icons.mjs` writes public/icons/. The outputs are
// committed (a build needs no image work); test/project/icons.test.ts checks they match.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const source = path.resolve('scripts/icon.svg');
const out = path.resolve('public/icons');

/** name, size, and how much of the square the mark fills (maskable icons keep a safe zone). */
export const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1 },
  { file: 'icon-512.png', size: 512, scale: 1 },
  // Android crops maskable icons to a circle or squircle: the mark shrinks into the central 80 %.
  { file: 'maskable-512.png', size: 512, scale: 0.8 },
  { file: 'apple-touch-icon.png', size: 180, scale: 1 },
];

async function render({ file, size, scale }) {
  const inner = Math.round(size * scale);
  const mark = await sharp(source, { density: 300 }).resize(inner, inner).png().toBuffer();
  const pad = Math.floor((size - inner) / 2);
  await sharp({
    create: { width: size, height: size, channels: 4, background: '#3546c8' },
  })
    .composite([{ input: mark, left: pad, top: pad }])
    .png({ compressionLevel: 9 })
    .toFile(path.join(out, file));
}

await mkdir(out, { recursive: true });
for (const icon of ICONS) await render(icon);
