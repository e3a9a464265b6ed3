import { chatRequest } from '$lib/protocol/chat';
import { demoModel, estimateTokens } from '$lib/server/chat/demo-model';
import { accountMismatch } from '$lib/server/http/account-binding';
import { authedHandler } from '$lib/server/http/api-handler';
import { readJsonBody } from '$lib/server/http/json-body';
import { problemResponse } from '$lib/server/http/problem';

const provider = demoModel();

function event(name: string, data: unknown): string {
	return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Streams the model's reply as server-sent events: `delta` pieces, then `done` (or `error`). */
export const POST = authedHandler(async ({ event: request, auth }) => {
	const body = await readJsonBody(request.request, chatRequest, 4 * 1024 * 1024);
	if (!body.ok) return problemResponse(body.problem);
	const mismatch = accountMismatch(auth.user.id, body.value.accountId);
	if (mismatch) return problemResponse(mismatch);
	const messages = body.value.messages;
	const started = Date.now();
	const abort = new AbortController();
	const encoder = new TextEncoder();
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			let text = '';
			try {
				for await (const piece of provider.reply(messages, abort.signal)) {
					text += piece;
					controller.enqueue(encoder.encode(event('delta', { text: piece })));
				}
				controller.enqueue(
					encoder.encode(
						event('done', {
							model: provider.model,
							inputTokens: estimateTokens(messages.map((m) => m.content).join('\n')),
							outputTokens: estimateTokens(text),
							elapsedMs: Date.now() - started
						})
					)
				);
			} catch (error) {
				console.error('model reply failed', error);
				controller.enqueue(
					encoder.encode(event('error', { message: 'The model failed to reply.' }))
				);
			}
			controller.close();
		},
		cancel() {
			abort.abort();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
});
