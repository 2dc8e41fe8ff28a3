import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { addressKey } from './address-key';

/**
 * What a request says about its client, honouring a TLS-terminating reverse proxy only when
 * told to (`PARLEY_TRUST_PROXY`): otherwise anyone could claim any address or scheme.
 */
export function createClientInfo(trustProxy: boolean) {
  const firstHeader = (req: IncomingMessage, name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return {
    /**
     * The key the client's per-address limits count under (./address-key.ts): from the address
     * our proxy saw (the last in X-Forwarded-For). `fallback` is for a request whose TCP socket
     * may be gone (a long-polling handshake's).
     */
    address: (req: IncomingMessage, fallback?: string): string => {
      if (trustProxy) {
        const forwarded = firstHeader(req, 'x-forwarded-for')?.split(',').at(-1)?.trim();
        if (forwarded !== undefined && forwarded !== '') return addressKey(forwarded);
      }
      return addressKey(req.socket.remoteAddress ?? fallback ?? 'unknown');
    },
    /** Whether the browser reached us over HTTPS, so cookies must be `Secure`. */
    isHttps: (req: IncomingMessage): boolean => {
      if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
      return trustProxy && firstHeader(req, 'x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
    },
  };
}
