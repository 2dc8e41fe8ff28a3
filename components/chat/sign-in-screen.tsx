'use client';

import { useId, useState, type ReactNode, type SubmitEvent } from 'react';
import { createAccount, signIn } from '@/lib/client/account-api';
import type { HttpFailure, SessionResult } from '@/lib/client/http-failure';
import type { User } from '@/lib/protocol';
import { ErrorMessage } from './error-message';
import { failureText } from './failure-text';
import styles from './sign-in-screen.module.css';

type Mode = 'sign-in' | 'create' | 'code' | 'recover';
type Field = 'name' | 'password' | 'invite' | 'code' | 'form';

interface SignInScreenProps {
  /** Called once this browser has a session. */
  onSignedIn: (user: User) => void;
  notice?: string;
  /** From a `/join/<code>` link: Create account, with the invite filled in. */
  invite?: string;
}

/** Which field an error is about, so it shows beside that field. */
function fieldOf(failure: HttpFailure): Field {
  switch (failure.code) {
    case 'invalid_name':
    case 'name_taken':
      return 'name';
    case 'invalid_password':
      return 'password';
    case 'bad_invite':
      return 'invite';
    case 'bad_code':
      return 'code';
    default:
      return 'form';
  }
}

/** A code or token from the address's fragment (`#link=…`, `#recover=…`), never sent anywhere. */
function fromFragment(key: string): string | undefined {
  if (typeof window === 'undefined') return undefined;
  return new URLSearchParams(window.location.hash.slice(1)).get(key) ?? undefined;
}

/** The first screen: sign in, create an account, or use a code from another device. */
export function SignInScreen({ onSignedIn, notice, invite }: SignInScreenProps) {
  // This screen renders only in the browser (it loads after the session check), so the
  // fragment is there to read on the first render.
  const [recovery] = useState(() => fromFragment('recover'));
  const [mode, setMode] = useState<Mode>(() => {
    if (fromFragment('link') !== undefined) return 'code';
    if (recovery !== undefined) return 'recover';
    return invite === undefined ? 'sign-in' : 'create';
  });
  const [values, setValues] = useState(() => ({
    name: '',
    password: '',
    invite: invite ?? '',
    code: fromFragment('link') ?? '',
  }));
  const [error, setError] = useState<{ field: Field; text: string } | undefined>(undefined);
  const [isBusy, setIsBusy] = useState(false);
  const ids = { name: useId(), password: useId(), invite: useId(), code: useId(), form: useId() };

  const finish = (result: SessionResult) => {
    setIsBusy(false);
    if (result.ok) {
      // A used code or token has no business staying in the address bar or the history.
      if (window.location.hash !== '') history.replaceState(null, '', window.location.pathname);
      onSignedIn(result.user);
    } else {
      setError({ field: fieldOf(result), text: failureText(result) });
    }
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setIsBusy(true);
    setError(undefined);
    const { name, password, code } = values;
    if (mode === 'sign-in') return finish(await signIn({ name, password }));
    if (mode === 'code') return finish(await signIn({ link: code }));
    if (mode === 'recover') return finish(await signIn({ recovery: recovery ?? '', password }));
    const inviteCode = values.invite.trim();
    finish(
      await createAccount({ name, password, ...(inviteCode === '' ? {} : { invite: inviteCode }) }),
    );
  };

  const signInWithPasskey = async () => {
    setIsBusy(true);
    setError(undefined);
    const { passkeySignIn } = await import('@/lib/client/passkey-client');
    finish(await passkeySignIn());
  };

  const switchTo = (next: Mode) => {
    setMode(next);
    setError(undefined);
  };

  const field = (key: Exclude<Field, 'form'>, label: ReactNode, extra: object) => (
    <>
      <label htmlFor={ids[key]} className={styles.fieldLabel}>
        {label}
      </label>
      <input
        id={ids[key]}
        className={styles.field}
        value={values[key]}
        required={key !== 'invite'}
        aria-invalid={error?.field === key || undefined}
        aria-describedby={error?.field === key ? `${ids[key]}-error` : undefined}
        onChange={(event) => setValues((current) => ({ ...current, [key]: event.target.value }))}
        {...extra}
      />
      <ErrorMessage
        id={`${ids[key]}-error`}
        text={error?.field === key ? error.text : undefined}
        className={styles.promptError}
      />
    </>
  );

  const titles: Record<Mode, string> = {
    'sign-in': 'Sign in',
    create: 'Create account',
    code: 'Use a code from another device',
    recover: 'Choose a new password',
  };
  const isNew = mode === 'create' || mode === 'recover';

  return (
    <main className={styles.prompt}>
      <form className={styles.promptCard} onSubmit={(event) => void onSubmit(event)}>
        <h1 className={styles.promptTitle}>Parley</h1>
        <h2 className={styles.modeTitle}>{titles[mode]}</h2>
        {notice !== undefined && <p className={styles.promptNotice}>{notice}</p>}
        {(mode === 'sign-in' || mode === 'create') &&
          field('name', 'Name', { autoComplete: 'username', maxLength: 64 })}
        {mode !== 'code' &&
          field('password', isNew ? 'New password (8 characters or more)' : 'Password', {
            type: 'password',
            autoComplete: isNew ? 'new-password' : 'current-password',
            maxLength: 256,
          })}
        {mode === 'create' &&
          field(
            'invite',
            <>
              Invite code <span className={styles.optional}>(from your invite link)</span>
            </>,
            { autoComplete: 'off', maxLength: 256 },
          )}
        {mode === 'code' &&
          field('code', 'Code shown on your other device', {
            autoComplete: 'one-time-code',
            autoCapitalize: 'characters',
            maxLength: 64,
          })}
        <ErrorMessage
          id={ids.form}
          text={error?.field === 'form' ? error.text : undefined}
          className={styles.promptError}
        />
        <button type="submit" className={styles.submit} disabled={isBusy}>
          {mode === 'sign-in' || mode === 'create' ? titles[mode] : 'Continue'}
        </button>
        {mode === 'sign-in' && (
          <button
            type="button"
            className={styles.secondary}
            disabled={isBusy}
            onClick={() => void signInWithPasskey()}
          >
            Use a passkey
          </button>
        )}
        <nav className={styles.switches} aria-label="Other ways in">
          {mode !== 'sign-in' && (
            <button type="button" className={styles.link} onClick={() => switchTo('sign-in')}>
              I have an account
            </button>
          )}
          {mode !== 'create' && (
            <button type="button" className={styles.link} onClick={() => switchTo('create')}>
              Create account
            </button>
          )}
          {mode !== 'code' && (
            <button type="button" className={styles.link} onClick={() => switchTo('code')}>
              I have a code from another device
            </button>
          )}
        </nav>
      </form>
    </main>
  );
}
