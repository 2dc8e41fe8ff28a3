'use client';

import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import type * as MentionQuery from '@/lib/client/mention-query';
import controls from './controls.module.css';
import styles from './mention-suggestions.module.css';

export interface MentionSuggestions {
  /** Handles the key if the list is open and the key is the list's; true when it did. */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** The textbox's side of the pattern: what it controls and which option is active. */
  textboxProps: {
    'aria-autocomplete': 'list';
    'aria-controls': string | undefined;
    'aria-activedescendant': string | undefined;
  };
  /** Call as the text changes and the caret moves. */
  noteCaret: (caret: number) => void;
  /** The list (when open) and its spoken summary, to render before the textbox. */
  list: ReactNode;
}

/**
 * `@` name suggestions for a textbox: a list of options the textbox points to with
 * aria-activedescendant (Up and Down choose, Enter or Tab insert, Escape dismisses until what is
 * typed after the `@` changes), the pattern screen readers know from search boxes.
 */
export function useMentionSuggestions(
  input: RefObject<HTMLTextAreaElement | null>,
  text: string,
  setText: (text: string) => void,
  people: readonly string[],
): MentionSuggestions {
  const listId = useId();
  // The name matching loads once the text first has an `@`: most messages never do, so the
  // page does not carry it. Until it is there (a moment), nothing is suggested.
  const [query, setQuery] = useState<typeof MentionQuery>();
  const hasAt = text.includes('@');
  useEffect(() => {
    if (hasAt && query === undefined) void import('@/lib/client/mention-query').then(setQuery);
  }, [hasAt, query]);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | undefined>(undefined);
  // Where the caret goes once React has put a picked name in the box.
  const nextCaret = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    if (nextCaret.current === undefined) return;
    input.current?.setSelectionRange(nextCaret.current, nextCaret.current);
    nextCaret.current = undefined;
  }, [input, text]);

  const mention = query?.mentionAt(text, caret);
  const suggestions =
    mention === undefined ? [] : (query?.suggestNames(people, mention.query) ?? []);
  const mentionKey = mention === undefined ? undefined : `${mention.start}:${mention.query}`;
  const isOpen = suggestions.length > 0 && dismissed !== mentionKey;
  const activeIndex = Math.min(active, suggestions.length - 1);

  const pick = (name: string) => {
    if (mention === undefined || query === undefined) return;
    const inserted = query.insertMention(text, caret, mention, name);
    nextCaret.current = inserted.caret;
    setText(inserted.text);
    setCaret(inserted.caret);
    setActive(0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!isOpen || event.nativeEvent.isComposing) return false;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    const chosen = suggestions[activeIndex];
    if (step !== 0) {
      setActive((activeIndex + step + suggestions.length) % suggestions.length);
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

  const optionId = (index: number) => `${listId}-${index}`;
  const list = (
    <>
      {isOpen && (
        <ul
          id={listId}
          role="listbox"
          aria-label="People to mention"
          className={styles.suggestions}
        >
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
      )}
      <p aria-live="polite" className={controls.visuallyHidden}>
        {isOpen
          ? `${suggestions.length} ${suggestions.length === 1 ? 'name' : 'names'} to mention: Up and Down to choose, Enter to insert`
          : ''}
      </p>
    </>
  );

  return {
    onKeyDown,
    textboxProps: {
      'aria-autocomplete': 'list',
      'aria-controls': isOpen ? listId : undefined,
      'aria-activedescendant': isOpen ? optionId(activeIndex) : undefined,
    },
    noteCaret: (at) => {
      if (at === caret) return;
      setCaret(at);
      setActive(0);
    },
    list,
  };
}
