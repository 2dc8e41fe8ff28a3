/**
 * Turns what a person typed into an FTS5 query that can only mean "all these words": each word
 * becomes a quoted prefix term, so FTS5 syntax in the input (`OR`, `NEAR`, `"`, `*`, `:`,
 * column filters) is never interpreted. Undefined when there is no word to look for.
 */
export function toFtsQuery(input: string): string | undefined {
  return searchWords(input)
    ?.map((word) => `"${word}"*`)
    .join(' ');
}

/**
 * The same "all these words, each as a prefix" for PostgreSQL's `to_tsquery`: each word is a
 * quoted lexeme with `:*`, so tsquery operators in the input (`|`, `!`, `<->`) mean nothing.
 */
export function toTsQuery(input: string): string | undefined {
  return searchWords(input)
    ?.map((word) => `'${word}':*`)
    .join(' & ');
}

function searchWords(input: string): string[] | undefined {
  const words = input.normalize('NFC').match(/[\p{L}\p{N}\p{M}_]+/gu);
  // At most 16 terms: enough for any real search, and a bound on the query's cost.
  return words === null ? undefined : words.slice(0, 16);
}

// What `highlight(messages_fts, 0, char(1), char(2))` wraps each match in. Stored text never
// contains control characters (the protocol refuses them), so these cannot be forged.
const OPEN = '\u0001';
const CLOSE = '\u0002';

/** The [start, end) UTF-16 ranges that `highlight()` marked, as offsets into the plain text. */
export function findMatches(marked: string): [number, number][] {
  const matches: [number, number][] = [];
  let plainIndex = 0;
  let start: number | undefined;
  for (const char of marked) {
    if (char === OPEN) start = plainIndex;
    else if (char === CLOSE) {
      if (start !== undefined) matches.push([start, plainIndex]);
      start = undefined;
    } else plainIndex += char.length;
  }
  return matches;
}
