import type { Page } from '@playwright/test';
import {
  composer,
  createChannel,
  expect,
  joinAs,
  messageLog,
  passwordOf,
  roomLink,
  say,
  test,
} from './fixtures';
import { seriousViolations, smallTargets, tabTo } from './page-checks';

const settings = (page: Page) => page.getByRole('dialog', { name: 'Settings' });

async function openSettings(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Settings' }).click();
  await expect(settings(page).getByRole('heading', { name: 'Profile' })).toBeVisible();
}

const signInScreen = (page: Page) => page.getByRole('heading', { name: 'Sign in', level: 2 });

test('two devices of one person: linked by a code, same messages and unread counts, and one signs the other out', async ({
  browser,
  parley,
}) => {
  const laptop = await joinAs(browser, parley.url, 'Dana');
  const erin = await joinAs(browser, parley.url, 'Erin');
  await createChannel(erin, 'random');
  await roomLink(erin, '# general').click();
  await roomLink(laptop, '# random').click();

  // The laptop shows a one-time code and its QR code; the phone types the code in.
  await openSettings(laptop);
  const dialog = settings(laptop);
  await dialog.getByRole('button', { name: 'Show a code' }).click();
  await expect(dialog.getByRole('img', { name: 'QR code that signs a device in' })).toBeVisible();
  await expect(dialog.getByText(/^Expires in (10:00|9:\d\d)$/)).toBeVisible();
  const code = (await dialog.getByTestId('link-code').textContent()) ?? '';
  expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  const phone = await (await browser.newContext()).newPage();
  await phone.goto(parley.url);
  await phone.getByRole('button', { name: 'I have a code from another device' }).click();
  await phone.getByLabel('Code shown on your other device').fill(code.toLowerCase());
  await phone.getByRole('button', { name: 'Continue' }).click();
  await expect(phone.getByRole('status')).toHaveText(/Connected/);
  await expect(phone.getByRole('banner')).toContainText('Dana');
  await roomLink(phone, '# random').click();

  // The same person on both: what Erin writes counts as unread on both, and reading it on one
  // device reads it on the other.
  await say(erin, 'hello Dana');
  for (const device of [laptop, phone]) {
    await expect(roomLink(device, '# general')).toHaveAccessibleName('# general, 1 unread');
  }
  await roomLink(laptop, '# general').click();
  await expect(messageLog(laptop).getByText('hello Dana')).toBeVisible();
  await expect(roomLink(phone, '# general')).toHaveAccessibleName('# general');
  // Dana writes from the phone; the laptop shows it at once.
  await roomLink(phone, '# general').click();
  await say(phone, 'sent from my phone');
  await expect(messageLog(laptop).getByText('sent from my phone')).toBeVisible();
  await expect(messageLog(erin).getByText('sent from my phone')).toBeVisible();

  // The code worked once: a third device cannot use it again.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(parley.url);
  await stranger.getByRole('button', { name: 'I have a code from another device' }).click();
  await stranger.getByLabel('Code shown on your other device').fill(code);
  await stranger.getByRole('button', { name: 'Continue' }).click();
  await expect(stranger.getByRole('alert').filter({ hasText: /\S/ })).toBeVisible();
  await expect(stranger.getByRole('banner')).toHaveCount(0);

  // From the phone's device list, the laptop is signed out, live.
  await openSettings(phone);
  const devices = settings(phone).getByRole('list', { name: 'Signed-in devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  await expect(devices.getByText('This device')).toHaveCount(1);
  await devices.getByRole('button', { name: /^Sign out / }).click();
  await expect(settings(phone).getByText('Signed out.', { exact: true })).toBeVisible();
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  await expect(laptop.getByText('You were signed out. Sign in to come back.')).toBeVisible();
  await expect(signInScreen(laptop)).toBeVisible();
  // The account stays: the laptop signs in again with the password.
  await laptop.getByLabel('Name', { exact: true }).fill('Dana');
  await laptop.getByLabel('Password').fill(passwordOf('Dana'));
  await laptop.getByRole('button', { name: 'Sign in' }).click();
  await expect(messageLog(laptop).getByText('hello Dana')).toBeVisible();
});

test('a passkey registered in settings signs in instead of the password', async ({
  browser,
  parley,
}) => {
  // WebAuthn needs a domain for its relying party: localhost, not 127.0.0.1.
  const url = parley.url.replace('127.0.0.1', 'localhost');
  const page = await joinAs(browser, url, 'Pia');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await openSettings(page);
  const dialog = settings(page);
  await expect(dialog.getByText('No passkeys yet.', { exact: false })).toBeVisible();
  await dialog.getByLabel(/^Passkey name/).fill('Test laptop');
  await dialog.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(dialog.getByText('Passkey added.')).toBeVisible();
  const passkeys = dialog.getByRole('list', { name: 'Your passkeys' });
  await expect(passkeys.getByText('Test laptop')).toBeVisible();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(signInScreen(page)).toBeVisible();
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page.getByRole('status')).toHaveText(/Connected/);
  await expect(page.getByRole('banner')).toContainText('Pia');
  const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(after.credentials[0]?.signCount).toBeGreaterThan(0);
});

test('an admin deactivates someone, who is signed out live and cannot sign back in', async ({
  browser,
  parley,
}) => {
  const admin = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await say(bob, 'before I go');

  await openSettings(admin);
  const dialog = settings(admin);
  await dialog.getByRole('button', { name: 'Admin' }).click();
  const people = dialog.getByRole('list', { name: 'People' });
  await expect(people.getByRole('listitem')).toHaveCount(2);
  await people.getByRole('button', { name: 'Deactivate Bob' }).click();
  await expect(people.getByRole('button', { name: 'Reactivate Bob' })).toBeVisible();

  await expect(bob.getByText('You were signed out. Sign in to come back.')).toBeVisible();
  await bob.getByLabel('Name', { exact: true }).fill('Bob');
  await bob.getByLabel('Password').fill(passwordOf('Bob'));
  await bob.getByRole('button', { name: 'Sign in' }).click();
  await expect(bob.getByText('This account is deactivated')).toBeVisible();
  // What Bob wrote stays.
  await expect(messageLog(admin).getByText('before I go')).toBeVisible();

  // The last admin cannot demote themself; the refusal shows beside them.
  await people.getByRole('combobox', { name: 'Role of Alice' }).selectOption('member');
  await expect(people.getByRole('alert')).toContainText('at least one active admin');
  // A recovery link for Bob, to pass on by hand.
  await people.getByRole('button', { name: 'Recovery link for Bob' }).click();
  await expect(people.getByRole('textbox', { name: /^Recovery link for Bob/ })).toHaveValue(
    /\/#recover=/,
  );
});

test('a rename in settings shows at once on every message, for everyone', async ({
  browser,
  parley,
}) => {
  const carol = await joinAs(browser, parley.url, 'Carol');
  const dan = await joinAs(browser, parley.url, 'Dan');
  await say(carol, 'a message to keep');
  await expect(messageLog(dan).getByText('a message to keep')).toBeVisible();

  await openSettings(carol);
  const name = settings(carol).getByLabel('Display name');
  await name.fill('Caroline');
  await settings(carol).getByRole('button', { name: 'Save name' }).click();
  await expect(settings(carol).getByText('Name changed.')).toBeVisible();
  await settings(carol).getByRole('button', { name: 'Close' }).click();

  await expect(carol.getByRole('banner')).toContainText('Caroline');
  await expect(messageLog(dan).getByText('Caroline', { exact: true })).toBeVisible();
  await expect(messageLog(dan).getByText('Carol', { exact: true })).toHaveCount(0);
  await composer(carol).fill('still me');
  await composer(carol).press('Enter');
  await expect(messageLog(dan).getByText('still me')).toBeVisible();
});

test('settings and admin pass axe in both themes, fit a 375 px phone, and work by keyboard', async ({
  browser,
  parley,
}) => {
  const admin = await joinAs(browser, parley.url, 'Alice');
  await joinAs(browser, parley.url, 'Bob');

  // By keyboard: Tab to Settings, Enter opens it with focus inside, Escape gives focus back.
  const settingsButton = admin.getByRole('banner').getByRole('button', { name: 'Settings' });
  await tabTo(admin, settingsButton);
  await admin.keyboard.press('Enter');
  const dialog = settings(admin);
  await expect(dialog.getByRole('heading', { name: 'Devices' })).toBeVisible();
  expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  await admin.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(settingsButton).toBeFocused();

  await openSettings(admin);
  await dialog.getByRole('button', { name: 'Show a code' }).click();
  await expect(dialog.getByTestId('link-code')).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await admin.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(admin), `settings, ${scheme}`).toEqual([]);
  }
  await dialog.getByRole('button', { name: 'Admin' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Invite link' })).toHaveValue(/\/join\//);
  await dialog.getByRole('button', { name: 'Recovery link for Bob' }).click();
  await expect(dialog.getByRole('textbox', { name: /^Recovery link for Bob/ })).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await admin.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(admin), `admin, ${scheme}`).toEqual([]);
  }

  // A phone: nothing wider than the screen, every control a 44 px target.
  await admin.setViewportSize({ width: 375, height: 740 });
  for (const tab of ['Your account', 'Admin']) {
    await dialog.getByRole('button', { name: tab }).click();
    const overflow = await dialog.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow, `${tab}: wider than the dialog`).toBe(0);
    const box = await dialog.boundingBox();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 375).toBe(true);
    expect(await smallTargets(admin), tab).toEqual([]);
  }
});

test('the sign-in screens fit a 375 px phone, with 44 px targets', async ({ browser, parley }) => {
  const page = await (
    await browser.newContext({ viewport: { width: 375, height: 740 } })
  ).newPage();
  await page.goto(parley.url);
  for (const mode of ['Sign in', 'Create account', 'Use a code from another device']) {
    if (mode === 'Create account') {
      await page.getByRole('button', { name: 'Create account' }).click();
    } else if (mode !== 'Sign in') {
      await page.getByRole('button', { name: 'I have a code from another device' }).click();
    }
    await expect(page.getByRole('heading', { name: mode, level: 2 })).toBeVisible();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
      mode,
    ).toBeLessThanOrEqual(375);
    expect(await smallTargets(page), mode).toEqual([]);
  }
});

test('an account carried over without a password is asked to set one', async ({
  browser,
  parley,
}) => {
  const page = await joinAs(browser, parley.url, 'Olga', async (before) => {
    // The session check reports what an upgraded account (no password yet) would.
    await before.route('**/api/session', async (route) => {
      if (route.request().method() !== 'GET') return route.fallback();
      const response = await route.fetch();
      const body = (await response.json()) as { user?: object };
      await route.fulfill({ response, json: { user: { ...body.user, hasPassword: false } } });
    });
  });
  await page.reload();
  const prompt = page.getByRole('complementary', { name: 'Secure your account' });
  await expect(prompt).toContainText('Set a password or add a passkey');
  await prompt.getByRole('button', { name: 'Set a password' }).click();
  await expect(settings(page).getByRole('heading', { name: 'Password' })).toBeVisible();
  await expect(prompt).toBeHidden();
});
