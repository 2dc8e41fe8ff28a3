const UNITS = ['bytes', 'KB', 'MB', 'GB'];

/** A file's size as people read it: "820 bytes", "12 KB", "3.4 MB" (1 KB = 1,024 bytes). */
export function fileSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${shown} ${UNITS[unit] ?? ''}`;
}

const KINDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/zip': 'ZIP archive',
  'application/octet-stream': 'File',
  'text/plain': 'Text',
};

/** What kind of file a MIME type is, in a word or two. */
export function fileKind(type: string): string {
  const known = KINDS[type];
  if (known !== undefined) return known;
  const [group, subtype = ''] = type.split('/');
  const name =
    subtype
      .replace(/^(x-|vnd\.)/, '')
      .split(/[.+]/)[0]
      ?.toUpperCase() ?? '';
  if (group === 'image') return `${name} image`;
  if (group === 'video') return `${name} video`;
  if (group === 'audio') return `${name} audio`;
  return name === '' ? 'File' : name;
}

/** The size an image is shown at in a message: within 360 × 280, never enlarged. */
export function shownSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, 360 / width, 280 / height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
