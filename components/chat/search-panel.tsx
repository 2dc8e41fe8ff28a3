'use client';

import type { ReactNode } from 'react';
import type { SearchOutcome } from '@/lib/client/chat-client';
import type { RoomSummary, SearchResult } from '@/lib/protocol';
import { roomLabel } from './room-label';
import styles from './chat.module.css';

interface SearchPanelProps {
  query: string;
  outcome: SearchOutcome | undefined;
  rooms: RoomSummary[];
  currentUser: string;
  onOpen: (room: string, id: number) => void;
  onMore: () => void;
  onClose: () => void;
}

/** The text of a result with the matched words marked (offsets from the server, no HTML). */
function highlighted({ message, matches }: SearchResult): ReactNode[] {
  const parts: ReactNode[] = [];
  let from = 0;
  for (const [start = 0, end = 0] of matches) {
    if (start < from) continue;
    parts.push(message.message.slice(from, start));
    parts.push(<mark key={start}>{message.message.slice(start, end)}</mark>);
    from = end;
  }
  parts.push(message.message.slice(from));
  return parts;
}

/** Search results, newest first; choosing one opens its room at that message. */
export function SearchPanel(props: SearchPanelProps) {
  const { outcome } = props;
  const labelOf = (room: string) => {
    const summary = props.rooms.find((entry) => entry.name === room);
    return summary === undefined ? `# ${room}` : roomLabel(summary, props.currentUser);
  };
  return (
    <section className={styles.searchPanel} aria-label="Search results">
      <div className={styles.searchHeader}>
        <h2 className={styles.searchTitle}>Results for “{props.query}”</h2>
        <button type="button" className={styles.quiet} onClick={props.onClose}>
          Close search
        </button>
      </div>
      {outcome === undefined && <p role="status">Searching…</p>}
      {outcome !== undefined && 'error' in outcome && <p role="alert">{outcome.error}</p>}
      {outcome !== undefined && 'results' in outcome && (
        <>
          {outcome.results.length === 0 && <p>No messages match.</p>}
          <ol className={styles.results}>
            {outcome.results.map((result) => (
              <li key={result.message.id}>
                <button
                  type="button"
                  className={styles.result}
                  onClick={() => props.onOpen(result.message.room, result.message.id)}
                >
                  <span className={styles.resultMeta}>
                    {labelOf(result.message.room)} · {result.message.user}
                  </span>
                  <span className={styles.resultText}>{highlighted(result)}</span>
                </button>
              </li>
            ))}
          </ol>
          {outcome.hasMore && (
            <button type="button" className={styles.quiet} onClick={props.onMore}>
              More results
            </button>
          )}
        </>
      )}
    </section>
  );
}
