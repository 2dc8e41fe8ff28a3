import { RECOVERY_TTL_MS } from '../../protocol-accounts';
import type { Stores } from '../store/types';
import { hashSecret, newUrlToken } from './secrets';

/**
 * Issues a one-time recovery link for `userId`, replacing any earlier one: for someone who lost
 * every device and the password. An admin passes it on by hand (`POST
 * /api/admin/users/:id/recovery`), or the self-hoster prints it (`npm run admin -- recover`).
 */
export async function issueRecoveryLink(
  stores: Pick<Stores, 'tokens'>,
  userId: number,
  origin: string,
): Promise<{ url: string; expiresAt: string }> {
  const token = newUrlToken();
  const expiresAt = Date.now() + RECOVERY_TTL_MS;
  await stores.tokens.revoke(userId, 'recovery');
  await stores.tokens.issue(hashSecret(token), 'recovery', userId, expiresAt);
  return { url: `${origin}/#recover=${token}`, expiresAt: new Date(expiresAt).toISOString() };
}
