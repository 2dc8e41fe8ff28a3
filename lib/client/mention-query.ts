import { nameKey } from '../protocol';

/** Most names the composer suggests at once. */
export const MAX_SUGGESTIONS = 6;

// An `@` at the start or after something that is not part of a word, then the name typed so
// far (letters, marks, digits and . _ - ', as names allow; a space ends it).
const MENTION_BEFORE_CARET = /(?:^|[^\p{L}\p{N}_])@([\p{L}\p{M}\p{Nd}._'-]*)$/u;

export interface MentionQuery {
  /** Where the `@` is in the text. */
  start: number;
  /** What follows it, up to the caret. */
  query: string;
}

/** The `@name` being typed right before `caret`, if the caret is in one. */
export function mentionAt(text: string, caret: number): MentionQuery | undefined {
  const match = MENTION_BEFORE_CARET.exec(text.slice(0, caret));
  if (match === null) return undefined;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/**
 * Names that start with `query` (ignoring case), in the order given, without repeats. None when
 * the one match is the name already typed in full: there is nothing left to complete, and Enter
 * should send.
 */
export function suggestNames(people: readonly string[], query: string): string[] {
  const key = nameKey(query);
  const found: string[] = [];
  for (const name of new Set(people)) {
    if (nameKey(name).startsWith(key)) found.push(name);
    if (found.length === MAX_SUGGESTIONS) break;
  }
  const [only] = found;
  return found.length === 1 && only !== undefined && nameKey(only) === key ? [] : found;
}

/**
 * The text with the mention replaced by `@name`, and where the caret goes: after a space that
 * follows the name (added unless one is there already, or punctuation follows).
 */
export function insertMention(
  text: string,
  caret: number,
  mention: MentionQuery,
  name: string,
): { text: string; caret: number } {
  const head = `${text.slice(0, mention.start)}@${name}`;
  const rest = text.slice(caret);
  if (rest.startsWith(' ')) return { text: head + rest, caret: head.length + 1 };
  if (rest !== '' && !/^[\p{L}\p{N}]/u.test(rest)) return { text: head + rest, caret: head.length };
  return { text: `${head} ${rest}`, caret: head.length + 1 };
}
