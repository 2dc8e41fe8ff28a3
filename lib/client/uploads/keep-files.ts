import { messageTextSchema } from '../../protocol';
import { browserStorage } from '../browser-storage';
import type { OutboxFile } from '../outbox';
import { keepFiles } from './file-store';
import { sweepKeptFiles } from './sweep-files';

/**
 * Checks the text of a message with files (which may be empty) and keeps the files' bytes in
 * IndexedDB; what the outbox entry holds, or what is wrong.
 */
export async function prepareSend(
  text: string,
  files: readonly File[],
): Promise<{ message: string; files: OutboxFile[] } | { error: string }> {
  const parsed = messageTextSchema.safeParse(text);
  if (!parsed.success && text.trim() !== '') {
    return { error: parsed.error.issues[0]?.message ?? 'Invalid message' };
  }
  const kept = await keepFiles(files).catch(() => undefined);
  // While here, free what earlier pages left behind (sweep-files.ts).
  void sweepKeptFiles(browserStorage()).catch(() => undefined);
  if (kept === undefined)
    return { error: 'This browser could not keep the files: is its storage full?' };
  return { message: parsed.success ? parsed.data : '', files: kept };
}
