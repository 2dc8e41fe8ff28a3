'use client';

import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { deleteSession, fetchSession } from '@/lib/client/session-api';
import type { SessionResponse } from '@/lib/protocol';
import { ChatWorkspace } from './chat-workspace';
import styles from './chat-app.module.css';

// Only people without a session see it, so it loads only once the session check says so.
const SignInScreen = lazy(() =>
  import('./sign-in-screen').then((module) => ({ default: module.SignInScreen })),
);

const UNREACHABLE = 'The server cannot be reached. Check your connection and try again.';

type User = SessionResponse['user'];
type View =
  { kind: 'loading' } | { kind: 'signed-out'; notice?: string } | { kind: 'signed-in'; user: User };

/** The whole app: sign-in until a session exists, then the chat. */
export function ChatApp({ room, invite }: { room?: string; invite?: string }) {
  const [view, setView] = useState<View>({ kind: 'loading' });

  useEffect(() => {
    void fetchSession().then((result) => {
      if (result.kind === 'signed-in') setView(result);
      else if (result.kind === 'unreachable') setView({ kind: 'signed-out', notice: UNREACHABLE });
      else setView({ kind: 'signed-out' });
    });
  }, []);

  const joined = useCallback((user: User) => setView({ kind: 'signed-in', user }), []);

  const signOut = useCallback(() => {
    void deleteSession().then(() => setView({ kind: 'signed-out' }));
  }, []);

  const sessionLost = useCallback(() => {
    setView({ kind: 'signed-out', notice: 'You were signed out. Sign in to come back.' });
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
        <SignInScreen onSignedIn={joined} notice={view.notice} invite={invite} />
      </Suspense>
    );
  }
  return (
    <ChatWorkspace
      key={view.user.id}
      user={view.user}
      initialRoom={room}
      onSignOut={signOut}
      onSessionLost={sessionLost}
    />
  );
}
