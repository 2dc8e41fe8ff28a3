'use client';

import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import {
  createSession,
  deleteSession,
  fetchSession,
  type SessionResult,
} from '@/lib/client/session-api';
import type { User } from '@/lib/protocol';
import { ChatWorkspace } from './chat-workspace';
import styles from './chat.module.css';

// Only people without a session see the prompt, so it loads only once the session check says so.
const NamePrompt = lazy(() =>
  import('./name-prompt').then((module) => ({ default: module.NamePrompt })),
);

type View =
  { kind: 'loading' } | { kind: 'signed-out'; notice?: string } | { kind: 'signed-in'; user: User };

function joinFailureText(result: Extract<SessionResult, { ok: false }>): string {
  switch (result.code) {
    case 'name_taken':
      return 'Someone is already using that name. Try another one.';
    case 'bad_code':
      return 'That join code is not right. Ask whoever runs this Parley for it.';
    case 'rate_limited':
      return `Too many attempts. Try again in ${result.retryAfterS ?? 10} seconds.`;
    case 'unreachable':
      return 'The server cannot be reached. Check your connection and try again.';
    default:
      return result.message;
  }
}

/** The whole app: the name prompt until a session exists, then the chat. */
export function ChatApp({ room }: { room?: string }) {
  const [view, setView] = useState<View>({ kind: 'loading' });

  useEffect(() => {
    void fetchSession().then((result) => {
      if (result.ok) setView({ kind: 'signed-in', user: result.user });
      else if (result.code === 'unreachable')
        setView({ kind: 'signed-out', notice: joinFailureText(result) });
      else setView({ kind: 'signed-out' });
    });
  }, []);

  const join = useCallback(async (name: string, code: string) => {
    const result = await createSession(name, code);
    if (!result.ok) return joinFailureText(result);
    setView({ kind: 'signed-in', user: result.user });
    return undefined;
  }, []);

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
        <NamePrompt onJoin={join} notice={view.notice} />
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
