'use client';

import { InlineForm } from './inline-form';

/**
 * The room topic's edit form, loaded when someone first edits a topic. Enter saves, Escape
 * cancels; an empty topic clears it. The error stays next to the field until the next try.
 */
export function TopicEditor({
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
