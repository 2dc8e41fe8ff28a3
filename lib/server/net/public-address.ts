import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Whether the server may post to this address on a client's word: only globally routable
 * unicast. Loopback, private, link-local (cloud metadata at 169.254.169.254), unique-local,
 * carrier-grade NAT, multicast and reserved ranges are internal services, never push services.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
  return ipaddr.process(address).range() === 'unicast';
}

/** Thrown when a URL the server is asked to post to leads to an internal address. */
export class PrivateAddressError extends Error {
  constructor(host: string) {
    super(`${host} is not a public address`);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `https.request` that refuses a name resolving to any internal address. It runs
 * at connect time, after DNS, so a name cannot resolve to a public address when checked and a
 * private one when used. (IP literals never reach `lookup`: `assertPublicUrl` checks those.)
 */
export function publicOnlyLookup(
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error !== null) return callback(error, []);
    if (addresses.length === 0 || !addresses.every((entry) => isPublicAddress(entry.address))) {
      return callback(new PrivateAddressError(hostname), []);
    }
    const [first] = addresses;
    if (options.all === true || first === undefined) return callback(null, addresses);
    callback(null, first.address, first.family);
  });
}

/** Resolves the URL's host now and rejects with `PrivateAddressError` if it is internal. */
export async function assertPublicUrl(url: URL): Promise<void> {
  // URL keeps an IPv6 literal's brackets in `hostname`.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) {
    if (!isPublicAddress(host)) throw new PrivateAddressError(host);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    publicOnlyLookup(host, { all: true }, (error) => (error === null ? resolve() : reject(error)));
  });
}
