import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';

/**
 * The rooms drawer of narrow screens: open or closed. Once open, focus moves to the current room
 * in `drawerId` and Escape closes it.
 */
export function useDrawer(drawerId: string): [boolean, Dispatch<SetStateAction<boolean>>] {
  const [isOpen, setOpen] = useState(false);
  useEffect(() => {
    if (!isOpen) return;
    // After the frame that shows the drawer: a hidden element cannot take focus.
    const frame = requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`#${drawerId} a[aria-current]`)?.focus(),
    );
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('keydown', onKey);
    };
  }, [isOpen, drawerId]);
  return [isOpen, setOpen];
}
