'use client';

import { useSyncExternalStore } from 'react';
import { chooseTheme, currentTheme, subscribeToTheme } from '@/lib/client/theme';
import controls from './controls.module.css';

/** Switches between light and dark; the choice outlives the session (a cookie). */
export function ThemeToggle() {
  // The server cannot know the system's theme: it renders the button unpressed.
  const theme = useSyncExternalStore(subscribeToTheme, currentTheme, () => 'light');
  const isDark = theme === 'dark';
  return (
    <button
      type="button"
      className={controls.quiet}
      aria-pressed={isDark}
      onClick={() => chooseTheme(isDark ? 'light' : 'dark')}
    >
      Dark theme
    </button>
  );
}
