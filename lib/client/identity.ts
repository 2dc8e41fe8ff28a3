/** Who this browser is signed in as. One object shared by the client's parts: a rename changes it. */
export interface Identity {
  readonly id: number;
  name: string;
}

/** Whether the signed-in account wrote `message` (by account; by name for the oldest messages). */
export function isOwn(message: { user: string; userId?: number }, me: Identity): boolean {
  return message.userId === undefined ? message.user === me.name : message.userId === me.id;
}
