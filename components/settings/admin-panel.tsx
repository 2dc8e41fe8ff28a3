'use client';

import { useEffect, useState } from 'react';
import { listPeople } from '@/lib/client/admin-api';
import type { AdminUser } from '@/lib/protocol-account-replies';
import { ErrorMessage } from '../chat/error-message';
import { BotsSection } from './bots-section';
import { ChannelSection } from './channel-section';
import { HooksSection } from './hooks-section';
import { InviteSection } from './invite-section';
import { PersonItem } from './person-item';
import { useAction } from './use-action';
import styles from './settings.module.css';

/** The admin tab: everyone with an account, how new people get in, bots and hooks. */
export function AdminPanel({ selfId }: { selfId: number }) {
  const [people, setPeople] = useState<AdminUser[]>();
  const { error, run } = useAction();

  useEffect(() => {
    void run(listPeople).then((list) => list && setPeople(list.value));
  }, [run]);

  const replace = (changed: AdminUser) =>
    setPeople((current) => current?.map((person) => (person.id === changed.id ? changed : person)));

  return (
    <>
      <section className={styles.section} aria-labelledby="admin-people">
        <h3 id="admin-people" className={styles.sectionTitle}>
          People
        </h3>
        {people === undefined && error === undefined && <p role="status">Loading…</p>}
        <ErrorMessage text={error} />
        {people !== undefined && (
          <ul className={styles.list} aria-label="People">
            {people.map((person) => (
              <PersonItem
                key={person.id}
                person={person}
                isSelf={person.id === selfId}
                onChanged={replace}
              />
            ))}
          </ul>
        )}
      </section>
      <InviteSection />
      <ChannelSection />
      <BotsSection />
      <HooksSection />
    </>
  );
}
