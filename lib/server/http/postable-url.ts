import { assertPublicUrl, PrivateAddressError } from '../net/public-address';
import { HttpError } from './route-kit';

/**
 * `400 invalid_payload` naming `field` unless `url` leads to a public address: the server will
 * post to it on a client's word (a push endpoint, a bot's webhook), so never inside.
 */
export async function assertPostableUrl(field: string, url: string): Promise<void> {
  try {
    await assertPublicUrl(new URL(url));
  } catch (error) {
    const reason = error instanceof PrivateAddressError ? error.message : 'it does not resolve';
    throw new HttpError(400, 'invalid_payload', `${field}: refused, ${reason}`);
  }
}
