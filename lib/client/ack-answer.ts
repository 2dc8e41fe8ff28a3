/** Waiting for the server's answer to a request made now and then (the lazy request modules). */

export const NO_ANSWER = 'No answer from the server. Try again.';

/** The server's answer to `send`, or undefined when none came in time. */
export async function answer(send: () => Promise<unknown>): Promise<unknown> {
  try {
    return await send();
  } catch {
    return undefined;
  }
}
