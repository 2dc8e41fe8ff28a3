import { ChatApp } from '@/components/chat/chat-app';

/** `/join/<code>`: an invite (or the setup link): Create account opens with the code filled in. */
export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <ChatApp invite={code} />;
}
