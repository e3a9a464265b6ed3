import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { replyUsage } from '$lib/chat/demo-reply';
import { idleTimer } from './idle-timer';
import type { ModelEvent, ReplyRequest } from './model-provider';
import { droppedError, providerErrorFrom, timeoutError } from './provider-errors';

/** Only a message's role and text go to the provider. */
function toOpenAi(messages: ReplyRequest['messages']): ChatCompletionMessageParam[] {
	return messages.map(({ role, content }) => ({ role, content }));
}

/**
 * Streams one chat completion from an OpenAI-compatible API as ModelEvents. Nothing from the
 * provider for `timeoutMs` (no first chunk, or no next chunk) aborts the request with a timeout
 * error; a stream that ends before a chunk says it finished is a dropped stream. When
 * `request.signal` aborts, the request is aborted and the stream ends quietly, without usage.
 */
export async function* openAiReply(
	client: OpenAI,
	request: ReplyRequest,
	model: string,
	timeoutMs: number
): AsyncGenerator<ModelEvent> {
	const { signal } = request;
	if (signal.aborted) return;
	const abort = new AbortController();
	const stop = () => abort.abort();
	signal.addEventListener('abort', stop, { once: true });
	let timedOut = false;
	// Runs from the request until the first chunk, then from chunk to chunk.
	const idle = idleTimer(timeoutMs, () => {
		timedOut = true;
		abort.abort();
	});
	let streaming = false;
	let finished = false;
	let text = '';
	let usage: { inputTokens: number; outputTokens: number } | undefined;
	try {
		const chunks = await client.chat.completions.create(
			{
				model,
				messages: toOpenAi(request.messages),
				stream: true,
				stream_options: { include_usage: true }
			},
			{ signal: abort.signal }
		);
		streaming = true;
		for await (const chunk of chunks) {
			if (chunk.usage) {
				usage = {
					inputTokens: chunk.usage.prompt_tokens,
					outputTokens: chunk.usage.completion_tokens
				};
				finished = true;
			}
			for (const choice of chunk.choices ?? []) {
				if (choice.finish_reason) finished = true;
				const piece = choice.index === 0 ? choice.delta?.content : undefined;
				if (!piece) continue;
				text += piece;
				// A slow reader of the stream is not the provider being slow.
				idle.stop();
				yield { type: 'text', text: piece };
			}
			idle.reset();
		}
	} catch (error) {
		if (timedOut) throw timeoutError(timeoutMs);
		if (signal.aborted) return;
		throw providerErrorFrom(error, { model, timeoutMs, streaming });
	} finally {
		idle.stop();
		signal.removeEventListener('abort', stop);
		abort.abort();
	}
	// The client ends its iteration quietly when its request is aborted.
	if (timedOut) throw timeoutError(timeoutMs);
	if (signal.aborted) return;
	if (!finished) throw droppedError();
	yield { type: 'usage', ...(usage ?? replyUsage(request.messages, text)) };
}
