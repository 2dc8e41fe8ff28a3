import type { Page } from '@playwright/test';
import {
  composer,
  createChannel,
  expect,
  joinAs,
  messageLog,
  roomLink,
  say,
  test,
} from './fixtures';
import { seriousViolations, smallTargets, tabTo } from './page-checks';

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });

/** Opens the room on screen’s details (members, level, archiving) from its header. */
async function openRoomDetails(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Room details' }).click();
  const dialog = page.getByRole('dialog', { name: /: details$/ });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a private channel: Bob is added and sees it live; Carol can neither see nor open it; Bob is removed live', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  const carol = await joinAs(browser, parley.url, 'Carol');

  await createChannel(alice, 'launch', { isPrivate: true });
  await say(alice, 'the launch date is secret');
  await expect(roomLink(alice, '🔒 launch')).toBeVisible();

  const settings = await openRoomDetails(alice);
  await settings.getByRole('combobox', { name: 'Add someone' }).fill('bob');
  await settings.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(settings.getByRole('status')).toHaveText('bob was added.');
  await expect(settings.getByRole('listitem')).toHaveText([
    /^Alice \(you\), made this channel/,
    /^Bob/,
  ]);
  await settings.getByRole('button', { name: 'Close' }).click();

  // Bob's sidebar gains it live; he reads and writes there.
  await roomLink(bob, '🔒 launch').click();
  await expect(messageLog(bob).getByText('the launch date is secret')).toBeVisible();
  await say(bob, 'my lips are sealed');
  await expect(messageLog(alice).getByText('my lips are sealed')).toBeVisible();

  // Carol sees no trace of it, and its address opens nothing.
  await expect(sidebar(carol).getByRole('link')).toHaveText([/# general/]);
  await carol.goto(`${parley.url}/c/launch`);
  await expect(
    carol.getByText('There is no such room open to you. Pick one from the list.'),
  ).toBeVisible();
  await expect(carol.getByText('the launch date is secret')).toHaveCount(0);
  await expect(composer(carol)).toHaveCount(0);

  // Alice removes Bob: the channel leaves his sidebar, and his screen, at once.
  const again = await openRoomDetails(alice);
  await again.getByRole('button', { name: 'Remove Bob' }).click();
  await expect(again.getByRole('status')).toHaveText('Bob was removed.');
  await expect(roomLink(bob, '🔒 launch')).toHaveCount(0);
  await expect(bob).toHaveURL(/\/c\/general$/);
  await expect(bob.getByText('my lips are sealed')).toHaveCount(0);
});

test('a group message among three shows everyone’s messages live', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  const carol = await joinAs(browser, parley.url, 'Carol');

  await sidebar(alice).getByRole('button', { name: 'New group message…' }).click();
  const dialog = alice.getByRole('dialog', { name: 'New message' });
  const name = dialog.getByRole('combobox', { name: /^Add people/ });
  for (const person of ['Bob', 'Carol']) {
    await name.fill(person);
    await name.press('Enter');
  }
  await expect(dialog.getByRole('list', { name: 'People in this conversation' })).toContainText(
    'Carol',
  );
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(alice).toHaveURL(/\/c\/dm-[0-9a-f]{20}$/);
  await expect(alice.getByRole('heading', { level: 1 })).toHaveText('Bob, Carol');
  await say(alice, 'hello both of you');

  await roomLink(bob, 'Alice, Carol').click();
  await expect(messageLog(bob).getByText('hello both of you')).toBeVisible();
  await say(bob, 'hi from Bob');
  await roomLink(carol, 'Alice, Bob').click();
  await expect(messageLog(carol).getByText('hi from Bob')).toBeVisible();
  await say(carol, 'and Carol too');
  for (const page of [alice, bob]) {
    await expect(messageLog(page).getByText('and Carol too')).toBeVisible();
  }
});

test('the room dialogs pass axe, fit a 375 px phone, and work by keyboard; levels and archiving', async ({
  browser,
  parley,
}) => {
  // The first account is the server's admin, who may archive.
  const admin = await joinAs(browser, parley.url, 'Admin');
  await admin.setViewportSize({ width: 375, height: 740 });
  await admin.getByRole('button', { name: 'Rooms' }).click();
  const newChannel = sidebar(admin).getByRole('button', { name: 'New channel…' });
  await tabTo(admin, newChannel);
  await admin.keyboard.press('Enter');
  const create = admin.getByRole('dialog', { name: 'New channel' });
  await expect(create.getByRole('textbox', { name: 'Name' })).toBeFocused();
  expect(await seriousViolations(admin)).toEqual([]);
  expect(await smallTargets(admin)).toEqual([]);
  await admin.keyboard.type('old-news');
  await admin.keyboard.press('Enter');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('# old-news');

  const settings = await openRoomDetails(admin);
  expect(await seriousViolations(admin)).toEqual([]);
  expect(await smallTargets(admin)).toEqual([]);
  const box = await settings.boundingBox();
  expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 375).toBe(true);
  const mute = settings.getByRole('radio', { name: 'Nothing (muted)' });
  await tabTo(admin, settings.getByRole('radio', { name: 'Every message counts' }));
  await admin.keyboard.press('ArrowDown');
  await admin.keyboard.press('ArrowDown');
  await expect(mute).toBeChecked();
  await expect(settings.getByRole('status')).toHaveText('Notifications saved.');
  await tabTo(admin, settings.getByRole('button', { name: 'Archive channel' }));
  await admin.keyboard.press('Enter');
  await expect(settings.getByRole('status')).toHaveText('Channel archived.');
  await admin.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);

  // Archived: read-only, and listed apart.
  await expect(admin.getByText('This channel is archived: it is read-only.')).toBeVisible();
  await expect(composer(admin)).toHaveCount(0);
  await admin.getByRole('button', { name: 'Rooms' }).click();
  await sidebar(admin)
    .getByText(/^Archived \(1\)/)
    .click();
  await expect(roomLink(admin, '# old-news')).toBeVisible();

  await sidebar(admin).getByRole('button', { name: 'New group message…' }).click();
  await expect(admin.getByRole('dialog', { name: 'New message' })).toBeVisible();
  expect(await seriousViolations(admin)).toEqual([]);
  expect(await smallTargets(admin)).toEqual([]);
});
