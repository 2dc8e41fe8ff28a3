import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileKind, fileSize, shownSize } from '../../lib/client/file-labels';
import { safeFileName } from '../../lib/server/files/file-name';

describe('file labels', () => {
  it('says sizes as people read them', () => {
    assert.equal(fileSize(820), '820 bytes');
    assert.equal(fileSize(12 * 1024), '12 KB');
    assert.equal(fileSize(3.44 * 1024 * 1024), '3.4 MB');
    assert.equal(fileSize(25 * 1024 * 1024), '25 MB');
  });

  it('names kinds of files in a word or two', () => {
    assert.equal(fileKind('application/pdf'), 'PDF');
    assert.equal(fileKind('text/plain'), 'Text');
    assert.equal(fileKind('image/tiff'), 'TIFF image');
    assert.equal(fileKind('application/vnd.oasis.opendocument.text'), 'OASIS');
    assert.equal(fileKind('application/octet-stream'), 'File');
  });

  it('fits an image in 360 × 280 without enlarging it, keeping its proportions', () => {
    assert.deepEqual(shownSize(1600, 900), { width: 360, height: 203 });
    assert.deepEqual(shownSize(400, 600), { width: 187, height: 280 });
    assert.deepEqual(shownSize(100, 50), { width: 100, height: 50 });
    assert.deepEqual(shownSize(10_000, 1), { width: 360, height: 1 });
  });
});

describe('safeFileName', () => {
  it('keeps the last path segment, without control or bidirectional characters', () => {
    assert.equal(safeFileName('C:\\Users\\ann\\report.pdf'), 'report.pdf');
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
    assert.equal(safeFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(safeFileName('tab\there\u0000.txt'), 'tabhere.txt');
  });

  it('names a file that has no usable name, and moves one off the thumbnail route', () => {
    for (const empty of [undefined, '', '   ', '.', '..', '\u0001']) {
      assert.equal(safeFileName(empty), 'file');
    }
    assert.equal(safeFileName('thumbnail'), 'thumbnail-file');
    assert.equal(safeFileName('x'.repeat(300)).length, 200);
  });
});
