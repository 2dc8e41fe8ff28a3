/** Eight backgrounds that keep white initials readable (WCAG AA) in both themes. */
const HUES = 8;

/** The same name always gets the same colour, wherever and whenever it is shown. */
function hueOf(name: string): number {
  let hash = 0;
  for (const char of name.toLowerCase()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % HUES;
}

/** Up to two letters: the first of the first two words ("Ada Lovelace" → "AL"). */
function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => {
      const first = word.codePointAt(0);
      return first === undefined ? '' : String.fromCodePoint(first).toUpperCase();
    })
    .join('');
}

/** A person's initials on their colour; decorative, since their name is always written next to it. */
export function Avatar({ name, className }: { name: string; className: string | undefined }) {
  return (
    <span className={className} data-hue={hueOf(name)} aria-hidden>
      {initialsOf(name)}
    </span>
  );
}
