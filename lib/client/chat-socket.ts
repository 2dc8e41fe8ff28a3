import { io } from 'socket.io-client';
import type { ChatClientSocket } from './chat-socket-type';

/** The tab's one socket to this origin; it connects when the chat client starts it. */
export function createChatSocket(): ChatClientSocket {
  return io({
    autoConnect: false,
    // Straight to WebSocket where it works; where it cannot open (a proxy that blocks it), long
    // polling: without `tryAllTransports` Socket.IO would retry WebSocket alone forever.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // Polling runs on fetch() (next.config.mjs), which sends the session cookie only when asked
    // to: XMLHttpRequest always did on the same origin.
    withCredentials: true,
    // A handshake that has not completed in 5 s is dead (a captive portal, a half-open
    // network): give up on it and retry, instead of Socket.IO's default 20 s.
    timeout: 5000,
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    // Each handshake says whether the tab is on screen; changes follow as `tab:visibility`.
    auth: (send) => send({ visible: !document.hidden }),
  });
}
