import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { isTheme, THEME_COOKIE } from '@/lib/client/theme';
import './globals.css';

export const metadata: Metadata = {
  title: 'Parley',
  description: 'Real-time team chat',
  icons: { icon: '/icons/icon-192.png', apple: '/icons/apple-touch-icon.png' },
  appleWebApp: { capable: true, title: 'Parley' },
};

// Every page is rendered per request: each response carries its own CSP nonce, which Next puts
// on its script tags (a prerendered page could not have one).
export const dynamic = 'force-dynamic';

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  // The on-screen keyboard shrinks the page instead of covering the composer.
  interactiveWidget: 'resizes-content',
  // The window's frame follows the page's background in each scheme (globals.css `--bg`).
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#16161b' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A chosen theme is rendered by the server, so the first paint is already in it.
  const theme = (await cookies()).get(THEME_COOKIE)?.value;
  return (
    <html lang="en" data-theme={isTheme(theme) ? theme : undefined}>
      <body>{children}</body>
    </html>
  );
}
