import { DEMO_MODEL, demoReplyPieces, replyUsage } from '$lib/chat/demo-reply';
import type { ChatDone, ChatRequest } from '$lib/protocol/chat';

/** A reply written on the device: its text, and its model and counts. */
export interface GuestReply {
	text: string;
	done: ChatDone;
}

/** A reply the device is writing, and the chat it belongs to: it shows in that chat only. */
export interface DeviceReply {
	sessionId: string;
	/** Its text so far. */
	text: string;
}

/** Pause between the words of a reply written on the device, as the server's demo model. */
const WORD_DELAY_MS = 15;

/**
 * The demo model's reply written on the device, for chats without an account: the same words
 * the server's demo model streams, offline too. `onText` gets the reply so far.
 */
export async function guestReply(
	messages: ChatRequest['messages'],
	onText: (text: string) => void,
	wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
): Promise<GuestReply> {
	const started = Date.now();
	let text = '';
	for (const piece of demoReplyPieces(messages)) {
		await wait(WORD_DELAY_MS);
		text += piece;
		onText(text);
	}
	return {
		text,
		done: {
			model: DEMO_MODEL,
			...replyUsage(messages, text),
			elapsedMs: Date.now() - started
		}
	};
}
