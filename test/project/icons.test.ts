import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { ICONS, ICONS_DIR, makeIcons } from '../../scripts/make-icons.mjs';
import { tempDataDir } from '../helpers/test-server';

describe('the app icons', () => {
  it('are what scripts/make-icons.mjs makes from scripts/icon.svg, in their sizes', async () => {
    const fresh = tempDataDir();
    await makeIcons(fresh);
    for (const { file, size } of ICONS) {
      const committed = readFileSync(path.join(ICONS_DIR, file));
      assert.ok(
        committed.equals(readFileSync(path.join(fresh, file))),
        `${file} is stale: run npm run icons`,
      );
      const { width, height, format } = await sharp(committed).metadata();
      assert.deepEqual([format, width, height], ['png', size, size], file);
    }
  });
});
