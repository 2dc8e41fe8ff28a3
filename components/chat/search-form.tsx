'use client';

import { InlineForm } from './inline-form';

/** The search box; keeps its text so a search can be refined. */
export function SearchForm({ onSearch }: { onSearch: (query: string) => Promise<undefined> }) {
  return (
    <InlineForm
      label="Search messages"
      placeholder="Search messages"
      buttonText="Search"
      onSubmit={onSearch}
      keepValue
    />
  );
}
