'use client';

import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { deleteSession, fetchSession } from '@/lib/client/session-api';
import type { User } from '@/lib/protocol';
import { ChatWorkspace } from './chat-workspace';
import styles from './chat-app.module.css';

// Only people without a session see the prompt, so it loads only once the session check says so.
const NamePrompt = lazy(() =>
  import('./name-prompt').then((module) => ({ default: module.NamePrompt })),
);

const UNREACHABLE = 'The server cannot be reached. Check your connection and try again.';

type View =
  { kind: 'loading' } | { kind: 'signed-out'; notice?: string } | { kind: 'signed-in'; user: User };

/** The whole app: the name prompt until a session exists, then the chat. */
export function ChatApp({ room }: { room?: string }) {
  const [view, setView] = useState<View>({ kind: 'loading' });

  useEffect(() => {
    void fetchSession().then((result) => {
      if (result.ok) setView({ kind: 'signed-in', user: result.user });
      else if (result.code === 'unreachable') setView({ kind: 'signed-out', notice: UNREACHABLE });
      else setView({ kind: 'signed-out' });
    });
  }, []);

  const joined = useCallback((user: User) => setView({ kind: 'signed-in', user }), []);

  const signOut = useCallback(() => {
    void deleteSession().then(() => setView({ kind: 'signed-out' }));
  }, []);

  const sessionLost = useCallback(() => {
    setView({ kind: 'signed-out', notice: 'You were signed out. Pick a name to come back in.' });
  }, []);

  if (view.kind === 'loading') {
    return (
      <p className={styles.loading} role="status">
        Loading Parley…
      </p>
    );
  }
  if (view.kind === 'signed-out') {
    return (
      <Suspense fallback={<p className={styles.loading}>Loading Parley…</p>}>
        <NamePrompt onJoined={joined} notice={view.notice} />
      </Suspense>
    );
  }
  return (
    <ChatWorkspace
      key={view.user.name}
      user={view.user}
      initialRoom={room}
      onSignOut={signOut}
      onSessionLost={sessionLost}
    />
  );
}
