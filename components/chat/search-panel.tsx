'use client';

import { useEffect, useState, type ReactNode } from 'react';
import type { SearchOutcome } from '@/lib/client/chat-snapshot';
import type { RoomSummary, SearchResult } from '@/lib/protocol';
import { roomLabel } from './room-label';
import controls from './controls.module.css';
import styles from './search-panel.module.css';
import { ErrorMessage } from './error-message';

/** One submitted search: a new object each time, so the same words submitted again rerun. */
export interface SearchRequest {
  query: string;
}

interface SearchPanelProps {
  request: SearchRequest;
  /** Finds messages matching `query`, older than message `before` when given. */
  search: (query: string, before?: number) => Promise<SearchOutcome>;
  rooms: RoomSummary[];
  currentUser: string;
  onOpen: (room: string, id: number) => void;
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
  const { request, search } = props;
  // The outcome of the request on screen; an older request's answer never shows.
  const [answer, setAnswer] = useState<{ request: SearchRequest; outcome: SearchOutcome }>();
  const outcome = answer?.request === request ? answer.outcome : undefined;
  useEffect(() => {
    let isCurrent = true;
    void search(request.query).then((found) => {
      if (isCurrent) setAnswer({ request, outcome: found });
    });
    return () => {
      isCurrent = false;
    };
  }, [request, search]);

  const showMore = async (shown: { results: SearchResult[] }) => {
    const more = await search(request.query, shown.results.at(-1)?.message.id);
    if (!('results' in more)) return;
    setAnswer((current) =>
      current?.request === request && current.outcome === shown
        ? {
            request,
            outcome: { results: [...shown.results, ...more.results], hasMore: more.hasMore },
          }
        : current,
    );
  };

  const labelOf = (room: string) => {
    const summary = props.rooms.find((entry) => entry.name === room);
    return summary === undefined ? `# ${room}` : roomLabel(summary, props.currentUser);
  };
  return (
    <section className={styles.searchPanel} aria-label="Search results">
      <div className={styles.searchHeader}>
        <h2 className={styles.searchTitle}>Results for “{request.query}”</h2>
        <button type="button" className={controls.quiet} onClick={props.onClose}>
          Close search
        </button>
      </div>
      {outcome === undefined && <p role="status">Searching…</p>}
      {outcome !== undefined && 'error' in outcome && (
        <ErrorMessage text={outcome.error} className="" />
      )}
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
            <button type="button" className={controls.quiet} onClick={() => void showMore(outcome)}>
              More results
            </button>
          )}
        </>
      )}
    </section>
  );
}
