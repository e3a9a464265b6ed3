import type { ChatApp } from './chat-app.svelte';

/**
 * Edit and resend: the open chat's question `questionId` takes the words `content` and asks
 * the server for a new reply (a new `replyRequest`), which is written in place of the old one.
 * Offline the change waits in the outbox like any other. Only chats of an account have it:
 * their replies are the server's to write again.
 */
export async function editAndResend(
	app: Pick<ChatApp, 'activeId' | 'user' | 'messages' | 'replies' | 'error'>,
	questionId: string,
	content: string
): Promise<void> {
	const sessionId = app.activeId;
	const text = content.trim();
	if (!sessionId || !app.user || text === '') return;
	app.error = null;
	const reply = app.messages.find((message) => message.replyTo === questionId);
	await app.replies.askAgain(sessionId, questionId, reply, text);
}
