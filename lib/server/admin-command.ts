import { nameKey } from '../protocol';
import { issueRecoveryLink } from './auth/recovery';
import type { Stores } from './store/types';

export const ADMIN_USAGE = 'usage: npm run admin -- recover NAME | promote NAME';

export interface CommandResult {
  /** The process's exit code: 0 done, 1 refused (no such account), 2 misused. */
  code: number;
  /** What to print: on stdout when `code` is 0, else on stderr. */
  text: string;
}

/**
 * `npm run admin -- …`, for a self-hoster locked out of every admin account: it runs on the
 * server's machine, against the server's own storage, so whoever can run it already owns the
 * data. `recover NAME` prints a one-time recovery link for the account; `promote NAME` makes it
 * an active admin (reactivating it if it was deactivated).
 */
export async function runAdminCommand(
  args: readonly string[],
  stores: Pick<Stores, 'accounts' | 'tokens'>,
  origin: string,
): Promise<CommandResult> {
  const [command, ...rest] = args;
  const name = rest.join(' ').trim();
  if ((command !== 'recover' && command !== 'promote') || name === '') {
    return { code: 2, text: ADMIN_USAGE };
  }
  const account = await stores.accounts.findByKey(nameKey(name));
  if (account === undefined) return { code: 1, text: `No account is named “${name}”.` };

  if (command === 'promote') {
    const result = await stores.accounts.update(account.id, { role: 'admin', deactivated: false });
    if (!result.ok) return { code: 1, text: `No account is named “${name}”.` };
    return { code: 0, text: `${result.account.name} is now an admin.` };
  }
  const link = await issueRecoveryLink(stores, account.id, origin);
  const lines = [
    `Recovery link for ${account.name} (works once, until ${link.expiresAt}):`,
    link.url,
  ];
  if (account.deactivated) {
    lines.push(`${account.name} is deactivated: run \`npm run admin -- promote ${name}\` first.`);
  }
  return { code: 0, text: lines.join('\n') };
}
