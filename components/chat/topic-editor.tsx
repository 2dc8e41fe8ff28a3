'use client';

import { useState } from 'react';
import { InlineForm } from './inline-form';
import styles from './room-header.module.css';

interface TopicLineProps {
  topic: string;
  /** Resolves to why it failed, or undefined. */
  onSave: (topic: string) => Promise<string | undefined>;
  /** Absent until the room is known: then there are no settings to open. */
  onOpenRoomSettings: (() => void) | undefined;
}

/**
 * The header's topic line with its tools: set or change the topic (the editor replaces the
 * line) and open the room's settings. It arrives just after the page, in the place where the
 * page first shows the topic alone: the tools are used now and then, the topic read always.
 */
export function TopicLine({ topic, onSave, onOpenRoomSettings }: TopicLineProps) {
  const [isEditing, setEditing] = useState(false);
  if (isEditing) {
    return <TopicEditor topic={topic} onSave={onSave} onDone={() => setEditing(false)} />;
  }
  return (
    <p className={styles.topic}>
      {topic !== '' && (
        <span className={styles.oneLine} title={topic}>
          {topic}
        </span>
      )}
      <button type="button" className={styles.linkButton} onClick={() => setEditing(true)}>
        {topic === '' ? 'Add a topic' : 'Edit topic'}
      </button>
      {onOpenRoomSettings !== undefined && (
        <button type="button" className={styles.linkButton} onClick={onOpenRoomSettings}>
          Room details
        </button>
      )}
    </p>
  );
}

/**
 * The room topic's edit form, loaded when someone first edits a topic. Enter saves, Escape
 * cancels; an empty topic clears it. The error stays next to the field until the next try.
 */
function TopicEditor({
  topic,
  onSave,
  onDone,
}: {
  topic: string;
  /** Resolves to why it failed, or undefined. */
  onSave: (topic: string) => Promise<string | undefined>;
  onDone: () => void;
}) {
  return (
    <InlineForm
      label="Topic"
      placeholder="What is this room about?"
      buttonText="Save topic"
      buttonLabel="Save topic"
      initialValue={topic}
      onSubmit={onSave}
      onDone={onDone}
      onCancel={onDone}
      autoFocus
      allowEmpty
    />
  );
}
