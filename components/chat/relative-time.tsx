'use client';

import { relativeTime } from '@/lib/client/relative-time';
import { useNow } from '@/lib/hooks/use-now';

/**
 * "5 min ago", kept true by the page-wide tick. Its own component, so the tick re-renders these
 * few words, not every message around them.
 */
export function RelativeTime({ at }: { at: Date }) {
  return relativeTime(at, useNow());
}
