import { chatDone, type ChatDone, type ChatRequest } from '$lib/protocol/chat';
import { apiError, OFFLINE_MESSAGE } from './api-error';
import { sseParser } from './sse';

/** The outcome of asking the model for a reply. */
export type ReplyResult =
	| { ok: true; text: string; done: ChatDone }
	| { ok: false; text: string; message: string; code?: string };

/**
 * Asks the model to reply to a conversation of `accountId`'s and streams the text: `onText`
 * gets the whole reply so far after every piece. When another account is signed in the
 * server refuses it (`code: 'account_mismatch'`).
 */
export async function streamReply(
	accountId: string,
	messages: ChatRequest['messages'],
	onText: (text: string) => void,
	signal?: AbortSignal
): Promise<ReplyResult> {
	let response: Response;
	try {
		const body: ChatRequest = { accountId, messages };
		response = await fetch('/api/chat', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
			body: JSON.stringify(body),
			...(signal ? { signal } : {})
		});
	} catch {
		return { ok: false, text: '', message: OFFLINE_MESSAGE };
	}
	if (!response.ok || !response.body) {
		const error = await apiError(response);
		return {
			ok: false,
			text: '',
			message: error.message,
			...(error.code !== undefined ? { code: error.code } : {})
		};
	}
	const parse = sseParser();
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	let text = '';
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			for (const event of parse(value)) {
				const data: unknown = JSON.parse(event.data);
				if (event.event === 'delta') {
					text += (data as { text: string }).text;
					onText(text);
				} else if (event.event === 'done') {
					const parsed = chatDone.safeParse(data);
					if (parsed.success) return { ok: true, text, done: parsed.data };
				} else if (event.event === 'error') {
					return {
						ok: false,
						text,
						message: (data as { message?: string }).message ?? 'The model failed.'
					};
				}
			}
		}
	} catch {
		return { ok: false, text, message: 'The connection dropped while the reply was streaming.' };
	}
	return { ok: false, text, message: 'The reply ended before it was complete.' };
}
