/**
 * The one rule both stores follow about their schema's version: it only ever moves forward.
 * A database written by a newer release may hold tables and meanings this code does not know;
 * running on it, or writing this code's lower version back, would make the next newer node
 * re-run a migration and fail. So an older release refuses to start on it.
 */
export function assertSchemaKnown(found: number, known: number, store: string): void {
  if (found <= known) return;
  throw new Error(
    `The ${store} database is at schema version ${found}, but this release of Parley knows ` +
      `versions up to ${known}: it was upgraded by a newer release. Start that release (or a ` +
      'newer one); nodes only roll forward. To go back, restore the backup made before upgrading.',
  );
}
