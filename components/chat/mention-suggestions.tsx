'use client';

import {
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { insertMention, mentionAt, suggestNames } from '@/lib/client/mention-query';
import styles from './mention-suggestions.module.css';

export type MentionKeyHandler = (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;

interface MentionSuggestionsProps {
  input: RefObject<HTMLTextAreaElement | null>;
  text: string;
  /** Where the caret is in `text`. */
  caret: number;
  /** Puts a picked name in the box; the caret goes to `caret`. */
  onPick: (text: string, caret: number) => void;
  /** Names to suggest, likeliest first. */
  people: readonly string[];
  /** The composer hands its keys here first; the handler says whether it used the key. */
  keysRef: RefObject<MentionKeyHandler | undefined>;
  /** What the composer's live region says about the list (empty when closed). */
  onSummary: (summary: string) => void;
}

/**
 * `@` name suggestions under the composer's textbox: a list of options the textbox points to with
 * aria-activedescendant (Up and Down choose, Enter or Tab insert, Escape dismisses until what is
 * typed after the `@` changes), the pattern screen readers know from search boxes. Loaded once
 * the text first has an `@`: most messages never do, so the page does not carry it.
 */
export function MentionSuggestions(props: MentionSuggestionsProps) {
  const { input, text, caret, onPick, people, keysRef, onSummary } = props;
  const listId = useId();
  // The highlighted option, for the mention and caret position it was chosen at: typing or
  // moving the caret starts again at the first.
  const [active, setActive] = useState({ at: '', index: 0 });
  const [dismissed, setDismissed] = useState<string | undefined>(undefined);
  // Where the caret goes once React has put a picked name in the box.
  const nextCaret = useRef<number | undefined>(undefined);

  const mention = mentionAt(text, caret);
  const suggestions = mention === undefined ? [] : suggestNames(people, mention.query);
  const mentionKey = mention === undefined ? undefined : `${mention.start}:${mention.query}`;
  const isOpen = suggestions.length > 0 && dismissed !== mentionKey;
  const at = `${caret}:${mentionKey ?? ''}`;
  const activeIndex = Math.min(active.at === at ? active.index : 0, suggestions.length - 1);
  const summary = isOpen
    ? `${suggestions.length} ${suggestions.length === 1 ? 'name' : 'names'} to mention: Up and Down to choose, Enter to insert`
    : '';
  const optionId = (index: number) => `${listId}-${index}`;

  const pick = (name: string) => {
    if (mention === undefined) return;
    const inserted = insertMention(text, caret, mention, name);
    nextCaret.current = inserted.caret;
    onPick(inserted.text, inserted.caret);
  };

  // The textbox is the composer's: this marks on it which option is active, while open.
  const activeId = isOpen ? optionId(activeIndex) : undefined;
  useLayoutEffect(() => {
    const box = input.current;
    if (box === null) return;
    if (nextCaret.current !== undefined) {
      box.setSelectionRange(nextCaret.current, nextCaret.current);
      nextCaret.current = undefined;
    }
    if (activeId === undefined) return;
    box.setAttribute('aria-controls', listId);
    box.setAttribute('aria-activedescendant', activeId);
    return () => {
      box.removeAttribute('aria-controls');
      box.removeAttribute('aria-activedescendant');
    };
  }, [input, text, activeId, listId]);

  useLayoutEffect(() => {
    onSummary(summary);
  }, [onSummary, summary]);
  useLayoutEffect(() => () => onSummary(''), [onSummary]);

  useLayoutEffect(() => {
    keysRef.current = (event) => {
      if (!isOpen || event.nativeEvent.isComposing) return false;
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      const chosen = suggestions[activeIndex];
      if (step !== 0) {
        const index = (activeIndex + step + suggestions.length) % suggestions.length;
        setActive({ at, index });
      } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && chosen) {
        pick(chosen);
      } else if (event.key === 'Escape') {
        // Only the list closes: the drawer also listens for Escape, on the window.
        event.stopPropagation();
        setDismissed(mentionKey);
      } else {
        return false;
      }
      event.preventDefault();
      return true;
    };
    return () => {
      keysRef.current = undefined;
    };
  });

  if (!isOpen) return null;
  return (
    <ul id={listId} role="listbox" aria-label="People to mention" className={styles.suggestions}>
      {suggestions.map((name, index) => (
        <li
          key={name}
          id={optionId(index)}
          role="option"
          aria-selected={index === activeIndex}
          className={styles.suggestion}
          // The box keeps the focus (and the caret) while a name is clicked.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => pick(name)}
        >
          @{name}
        </li>
      ))}
    </ul>
  );
}
