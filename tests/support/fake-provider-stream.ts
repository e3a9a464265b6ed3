import type { ServerResponse } from 'node:http';
import {
	echoText,
	fakeUsage,
	textPieces,
	type Behaviour,
	type CompletionRequest
} from './fake-provider-behaviour';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let next = 0;

/** A chat.completion.chunk in OpenAI's streaming format. */
function chunk(id: string, model: string, fields: Record<string, unknown>) {
	return {
		id,
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model,
		...fields
	};
}

function send(res: ServerResponse, data: unknown): void {
	res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/**
 * Streams a reply (or, for `drop`, its first `afterChunks` pieces and then a destroyed socket)
 * as OpenAI's server-sent events: a role chunk, the content chunks, a `finish_reason` chunk,
 * the usage chunk when `stream_options.include_usage` asks for it, `data: [DONE]`.
 */
export async function streamReply(
	request: CompletionRequest,
	res: ServerResponse,
	behaviour: Extract<Behaviour, { kind: 'reply' | 'drop' }>
): Promise<void> {
	const id = `chatcmpl-fake-${++next}`;
	const text = behaviour.text ?? echoText(request);
	const pieces = textPieces(text, behaviour.kind === 'reply' ? behaviour.chunks : undefined);
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	send(
		res,
		chunk(id, request.model, {
			choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]
		})
	);
	for (const [index, piece] of pieces.entries()) {
		if (behaviour.kind === 'drop' && index >= behaviour.afterChunks) break;
		if (index > 0 && behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs);
		if (res.destroyed) return;
		send(
			res,
			chunk(id, request.model, {
				choices: [{ index: 0, delta: { content: piece }, finish_reason: null }]
			})
		);
	}
	if (behaviour.kind === 'drop') {
		// Let the chunks go out first, then break the connection as a crashed provider would.
		await sleep(20);
		res.socket?.destroy();
		return;
	}
	send(
		res,
		chunk(id, request.model, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })
	);
	const usage = behaviour.usage ?? fakeUsage(request, pieces.length);
	if (request.stream_options?.include_usage && usage) {
		send(
			res,
			chunk(id, request.model, {
				choices: [],
				usage: {
					prompt_tokens: usage.inputTokens,
					completion_tokens: usage.outputTokens,
					total_tokens: usage.inputTokens + usage.outputTokens
				}
			})
		);
	}
	send(res, '[DONE]');
	res.end();
}

/** The whole reply as one chat.completion, for a request without `stream: true`. */
export function completion(request: CompletionRequest, text: string) {
	const usage = fakeUsage(request, textPieces(text).length);
	return {
		id: `chatcmpl-fake-${++next}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
		choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
		usage: {
			prompt_tokens: usage.inputTokens,
			completion_tokens: usage.outputTokens,
			total_tokens: usage.inputTokens + usage.outputTokens
		}
	};
}
