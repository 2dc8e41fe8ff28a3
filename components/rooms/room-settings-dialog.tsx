'use client';

import { useCallback, useEffect, useId, useState, type SubmitEvent } from 'react';
import type { RoomRequests } from '@/lib/client/room-requests';
import { accountState } from '@/lib/client/settings-api';
import type { Member, NotifyLevel, RoomSummary } from '@/lib/protocol';
import { ErrorMessage } from '../chat/error-message';
import { roomLabel } from '../chat/room-label';
import { DialogShell } from './dialog-shell';
import { NameField } from './name-field';
import styles from './rooms.module.css';

interface RoomSettingsDialogProps {
  room: RoomSummary;
  currentUser: string;
  /** Names to suggest when adding someone. */
  people: readonly string[];
  requests: () => Promise<RoomRequests>;
  onClose: () => void;
}

const LEVELS: { value: NotifyLevel; label: string }[] = [
  { value: 'all', label: 'Every message counts' },
  { value: 'mentions', label: 'Only mentions of me' },
  { value: 'none', label: 'Nothing (muted)' },
];

const ROLE_TEXT: Record<Member['role'], string> = {
  owner: 'made this channel',
  admin: 'admin',
  member: '',
};

/**
 * One room's settings: how loudly it counts and notifies for this person, who is in it (add,
 * remove, leave) and, for admins, archiving.
 */
export default function RoomSettingsDialog(props: RoomSettingsDialogProps) {
  const { room, currentUser, requests, onClose } = props;
  const [members, setMembers] = useState<Member[]>();
  const [isAdmin, setAdmin] = useState(false);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');
  const isChannel = room.kind === 'channel';

  const reload = useCallback(() => {
    void requests()
      .then((r) => r.members(room.name))
      .then((found) => {
        if (typeof found === 'string') setError(found);
        else setMembers(found);
      });
  }, [requests, room.name]);
  useEffect(() => {
    reload();
    void accountState().then((state) => setAdmin(state.ok && state.value.role === 'admin'));
  }, [reload]);

  const run = async (work: (r: RoomRequests) => Promise<string | undefined>, done: string) => {
    const problem = await work(await requests());
    setError(problem);
    setStatus(problem === undefined ? done : '');
    return problem === undefined;
  };
  const mine = members?.find((member) => member.name === currentUser);
  const mayRemoveOthers = isChannel && (mine?.role === 'owner' || isAdmin);

  return (
    <DialogShell title={`${roomLabel(room, currentUser)}: details`} onClose={onClose}>
      <p role="status" className={styles.note}>
        {status}
      </p>
      <ErrorMessage text={error} />
      <section className={styles.section}>
        <fieldset className={styles.fieldset}>
          <legend className={styles.label}>Notifications and unread counts</legend>
          {LEVELS.map((level) => (
            <label key={level.value} className={styles.choice}>
              <input
                type="radio"
                name="notify"
                value={level.value}
                defaultChecked={room.notify === level.value}
                onChange={() =>
                  void run((r) => r.setNotify(room.name, level.value), 'Notifications saved.')
                }
              />
              {level.label}
            </label>
          ))}
        </fieldset>
      </section>
      <MembersSection
        {...props}
        members={members}
        mayRemoveOthers={mayRemoveOthers}
        onChange={async (work, done, isLeaving = false) => {
          if (!(await run(work, done))) return;
          // Someone who left a private room may no longer list it.
          if (isLeaving) onClose();
          else reload();
        }}
      />
      {isChannel && isAdmin && (
        <section className={styles.section}>
          <h3 className={styles.sectionTitle}>Archive</h3>
          <p className={styles.note}>
            {room.archived === true
              ? 'Archived: nobody can post here. History and search stay.'
              : 'An archived channel is read-only for everyone; its history and search stay.'}
          </p>
          <button
            type="button"
            className={styles.quiet}
            onClick={() =>
              void run(
                (r) => r.setArchived(room.name, room.archived !== true),
                room.archived === true ? 'Channel restored.' : 'Channel archived.',
              )
            }
          >
            {room.archived === true ? 'Unarchive channel' : 'Archive channel'}
          </button>
        </section>
      )}
    </DialogShell>
  );
}

interface MembersSectionProps extends RoomSettingsDialogProps {
  members: Member[] | undefined;
  mayRemoveOthers: boolean;
  onChange: (
    work: (r: RoomRequests) => Promise<string | undefined>,
    done: string,
    isLeaving?: boolean,
  ) => Promise<void>;
}

/** Who is in the room; for channels, adding by name and removing (or leaving). */
function MembersSection({
  room,
  currentUser,
  people,
  members,
  mayRemoveOthers,
  onChange,
}: MembersSectionProps) {
  const [name, setName] = useState('');
  const nameId = useId();
  const isChannel = room.kind === 'channel';
  const add = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const person = name.trim();
    if (person === '') return;
    setName('');
    void onChange((r) => r.addMember(room.name, person), `${person} was added.`);
  };
  const names = new Set(members?.map((member) => member.name));
  return (
    <section className={styles.section}>
      <h3 className={styles.sectionTitle}>
        Members{members === undefined ? '' : ` (${members.length})`}
      </h3>
      {members === undefined ? (
        <p className={styles.note}>Loading…</p>
      ) : (
        <ul className={styles.list}>
          {members.map((member) => {
            const isMe = member.name === currentUser;
            const canRemove = isChannel && (isMe || mayRemoveOthers);
            return (
              <li key={member.name} className={styles.person}>
                <span>
                  {member.name}
                  {isMe ? ' (you)' : ''}
                  {ROLE_TEXT[member.role] === '' ? '' : `, ${ROLE_TEXT[member.role]}`}
                </span>
                {canRemove && (
                  <button
                    type="button"
                    className={styles.quiet}
                    aria-label={
                      isMe ? `Leave ${roomLabel(room, currentUser)}` : `Remove ${member.name}`
                    }
                    onClick={() =>
                      void onChange(
                        (r) => r.removeMember(room.name, member.name),
                        isMe ? 'You left.' : `${member.name} was removed.`,
                        isMe,
                      )
                    }
                  >
                    {isMe ? 'Leave' : 'Remove'}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {isChannel && room.archived !== true && (
        <form className={styles.row} onSubmit={add}>
          <label htmlFor={nameId} className={styles.label}>
            Add someone
          </label>
          <NameField
            id={nameId}
            value={name}
            onChange={setName}
            suggestions={people}
            taken={names}
          />
          <button type="submit" className={styles.quiet}>
            Add
          </button>
        </form>
      )}
    </section>
  );
}
