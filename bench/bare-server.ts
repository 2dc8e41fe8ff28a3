/**
 * The baseline: bare Socket.IO 4.8 with Parley's transport options, that only joins rooms and
 * broadcasts. No validation, no identity, no storage. Parley's cost is measured against this.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { MAX_PACKET_BYTES } from '../lib/protocol';

interface Payload {
  room: string;
}
type Ack = (result: unknown) => void;

const httpServer = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'Content-Type': 'application/json' });
  res.end('{"status":"ok"}');
});
const io = new Server(httpServer, {
  maxHttpBufferSize: MAX_PACKET_BYTES,
  perMessageDeflate: false,
});
let lastId = 0;

io.on('connection', (socket) => {
  socket.on('room:join', (payload: Payload, ack: Ack) => {
    void socket.join(payload.room);
    ack({ ok: true, room: { name: payload.room }, messages: [], hasMore: false });
  });
  socket.on('message:send', (payload: Payload, ack: Ack) => {
    const message = { ...payload, id: ++lastId, createdAt: new Date().toISOString() };
    ack({ ok: true, message });
    socket.to(payload.room).emit('message:new', message);
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  console.log(JSON.stringify({ msg: 'parley listening', port }));
});
process.on('SIGTERM', () => {
  void io.close(() => process.exit(0));
});
