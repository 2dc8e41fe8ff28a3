import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

// Playwright cannot download its own browser on machines without internet: use the system's
// Chromium where there is one, and Playwright's own browser elsewhere.
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** How the e2e tests and the client benchmark launch Chromium. */
export const chromiumLaunchOptions: LaunchOptions = existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      // Without these, Chromium keeps calling home, and this network refuses every attempt.
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }
  : {};
