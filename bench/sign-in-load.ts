/**
 * Sign-ins during load: people signing in with a password (`POST /api/session`, one argon2id
 * verification each) at a steady rate while messages flow, each from an address of its own as a
 * team's devices would be. Parley only: bare Socket.IO has no accounts.
 */
import { request } from 'node:http';
import { loopbackAddress, signIn } from './load';
import { pacedLoad, type SideLoad } from './side-load';

/** Accounts signed in to in turn; made before the load starts. */
const ACCOUNTS = 20;
/** Addresses from here on are the sign-ins' own (receivers and senders use lower ones). */
const FIRST_ADDRESS = 20_000;
// An address may sign in a burst of 10 times, then once every 6 s: each one signs in 5 times.
const SIGN_INS_PER_ADDRESS = 5;

function postSession(url: string, name: string, address: number): Promise<number> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ name, password: `${name} has a long password` });
  return new Promise((resolve) => {
    const req = request(
      {
        hostname,
        port,
        path: '/api/session',
        method: 'POST',
        localAddress: loopbackAddress(address),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Makes the accounts, then signs in `perSecond` times a second (paced by the clock). */
export async function startSignIns(url: string, perSecond: number): Promise<SideLoad> {
  for (let i = 0; i < ACCOUNTS; i++) await signIn(url, `signer ${i}`, FIRST_ADDRESS + i);
  return pacedLoad(perSecond, async (index, timed) => {
    const address = FIRST_ADDRESS + ACCOUNTS + Math.floor(index / SIGN_INS_PER_ADDRESS);
    const status = await timed(() => postSession(url, `signer ${index % ACCOUNTS}`, address));
    return status === 200;
  });
}
