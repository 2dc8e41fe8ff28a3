import { tabVisibilitySchema } from '../../protocol';
import type { Logger } from '../logger';
import { defineHandler, type HandlerTable } from './define-handler';
import { userRoom, type SocketServer } from './types';

/** What the handshake's `auth` says about the tab: only `visible: true` is visible. */
export function visibleAtHandshake(auth: unknown): boolean {
  return typeof auth === 'object' && auth !== null && 'visible' in auth && auth.visible === true;
}

/**
 * `tab:visibility {visible}`: each tab says whether it is on screen in its handshake
 * (`auth.visible`) and then on every change (fire-and-forget). A socket that never said so
 * counts as not visible.
 */
export function createVisibilityHandlers(log: Logger): Pick<HandlerTable, 'tab:visibility'> {
  return {
    'tab:visibility': defineHandler(
      tabVisibilitySchema,
      (socket, { visible }) => {
        socket.data.visible = visible;
        return {};
      },
      log,
      { isAckOptional: true },
    ),
  };
}

/** Of these people, those with a visible tab: on every node, through the adapter. */
export async function visibleUsers(
  io: SocketServer,
  userIds: readonly number[],
): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const sockets = await io.in(userIds.map(userRoom)).fetchSockets();
  return new Set(sockets.filter((s) => s.data.visible === true).map((s) => s.data.user.id));
}
