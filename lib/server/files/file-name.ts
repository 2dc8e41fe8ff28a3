const MAX_NAME_LENGTH = 200;
// Control characters and the characters no file system or header takes well.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F"*:<>?|\u202A-\u202E\u2066-\u2069]/gu;

/**
 * A file's name as Parley keeps and shows it: the last path segment of what the browser sent,
 * NFC, without control characters or bidirectional overrides (which can disguise
 * `evil.exe` as `exe.txt`), at most 200 characters. `thumbnail` is the thumbnail's route, so a
 * file of that name is renamed.
 */
export function safeFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).at(-1) ?? '';
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, not units
  const cleaned = [...base.normalize('NFC').replace(UNSAFE, '').trim()]
    .slice(0, MAX_NAME_LENGTH)
    .join('')
    .trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return 'file';
  return cleaned === 'thumbnail' ? 'thumbnail-file' : cleaned;
}
