import { chatRequest, type ChatRequest } from '$lib/protocol/chat';
import { takeGeneration, type GenerationPlace } from '$lib/server/chat/chat-limits';
import { replyUsage } from '$lib/chat/demo-reply';
import { ProviderError, type ModelProvider } from '$lib/server/chat/model-provider';
import { accountMismatch } from '$lib/server/http/account-binding';
import { authedHandler, tooManyRequests } from '$lib/server/http/api-handler';
import { readJsonBody } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';

function event(name: string, data: unknown): string {
	return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Most bytes of a chat request: a long conversation with room to spare. */
const MAX_CHAT_BYTES = 4 * 1024 * 1024;

/**
 * Streams the model's reply as server-sent events: `delta` pieces, then `done` (or `error`).
 * The limits are taken before the body is read, so that a flood of large requests is refused
 * without reading them.
 */
export const POST = authedHandler(async ({ event: request, app, auth }) => {
	const grant = await takeGeneration(app.db, auth.user.id, app.config);
	if (!grant.ok) {
		return grant.reason === 'rate'
			? tooManyRequests(
					`Too many replies; at most ${app.config.chatRateLimit} a minute.`,
					grant.retryAfterSeconds,
					'rate_limited',
					true
				)
			: tooManyRequests(
					`At most ${app.config.chatConcurrentLimit} replies can be written at once.`,
					grant.retryAfterSeconds,
					'too_many_replies'
				);
	}
	const { place } = grant;
	let streaming = false;
	try {
		const body = await readJsonBody(request.request, chatRequest, MAX_CHAT_BYTES);
		if (!body.ok) return problemResponse(body.problem);
		const mismatch = accountMismatch(auth.user.id, body.value.accountId);
		if (mismatch) return problemResponse(mismatch);
		streaming = true;
		return replyStream(app.provider, body.value.messages, place);
	} finally {
		if (!streaming) void place.end();
	}
});

function replyStream(
	provider: ModelProvider,
	messages: ChatRequest['messages'],
	place: GenerationPlace
): Response {
	const started = Date.now();
	const abort = new AbortController();
	const encoder = new TextEncoder();
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			// Once the client has gone (`cancel`), the stream takes nothing more.
			const send = (name: string, data: unknown) => {
				if (!abort.signal.aborted) controller.enqueue(encoder.encode(event(name, data)));
			};
			let text = '';
			let usage: { inputTokens: number; outputTokens: number } | undefined;
			let last: [name: 'done' | 'error', data: unknown];
			try {
				for await (const piece of provider.stream({ messages, signal: abort.signal })) {
					if (piece.type === 'usage') {
						usage = { inputTokens: piece.inputTokens, outputTokens: piece.outputTokens };
						continue;
					}
					text += piece.text;
					send('delta', { text: piece.text });
				}
				last = [
					'done',
					{
						model: provider.defaultModel,
						...(usage ?? replyUsage(messages, text)),
						elapsedMs: Date.now() - started
					}
				];
			} catch (error) {
				if (error instanceof ProviderError) {
					console.warn(`model reply failed: ${error.message}`);
					last = ['error', { message: error.message }];
				} else {
					console.error('model reply failed', error);
					last = ['error', { message: 'The model failed to reply.' }];
				}
			}
			// The place is free before the client hears that the reply ended, so that it may ask for
			// the next one at once.
			await place.end();
			send(...last);
			if (!abort.signal.aborted) controller.close();
		},
		cancel() {
			abort.abort();
			void place.end();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
}
