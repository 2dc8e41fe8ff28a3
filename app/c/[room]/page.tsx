import { ChatApp } from '@/components/chat/chat-app';

/** `/c/<room>`: the chat with that room open, so a link opens it. */
export default async function RoomPage({ params }: { params: Promise<{ room: string }> }) {
  const { room } = await params;
  return <ChatApp room={room} />;
}
