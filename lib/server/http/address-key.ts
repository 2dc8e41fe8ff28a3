import ipaddr from 'ipaddr.js';

/**
 * The key per-address limits (sign-ins, connections) count a client under. An IPv6 client
 * usually holds a whole /64 (privacy addresses rotate within it, and any host can pick from its
 * 2^64), so counting full addresses would let one machine pass every limit; IPv4 addresses (and
 * IPv4 mapped into IPv6, as a dual-stack socket reports them) count one by one. Anything that
 * is not an address (a test's stand-in) counts as itself.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (ip instanceof ipaddr.IPv4) return ip.toString();
  const network = new ipaddr.IPv6([...ip.parts.slice(0, 4), 0, 0, 0, 0]);
  return `${network.toString()}/64`;
}
