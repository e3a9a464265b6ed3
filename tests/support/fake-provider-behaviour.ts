import { z } from 'zod';

const ms = z.number().int().min(0);

/**
 * What the fake provider does with one chat-completions request:
 * - `reply`: streams `text` (default `Echo: <last user message>`) in `chunks` pieces (default: a
 *   word each) with `chunkDelayMs` between them, then the usage chunk when asked for it
 *   (`usage: false` leaves it out; default counts are the fake's own, not an estimate);
 * - `status`: answers `status` with `body` (default: an OpenAI-style error) and Retry-After;
 * - `hang`: never sends a chunk; with `headers: false` not even the response headers;
 * - `drop`: streams `afterChunks` pieces of the reply, then destroys the connection.
 */
export const behaviour = z.discriminatedUnion('kind', [
	z.strictObject({
		kind: z.literal('reply'),
		text: z.string().optional(),
		chunks: z.number().int().min(1).optional(),
		chunkDelayMs: ms.optional(),
		usage: z
			.union([
				z.literal(false),
				z.strictObject({ inputTokens: z.number().int(), outputTokens: z.number().int() })
			])
			.optional()
	}),
	z.strictObject({
		kind: z.literal('status'),
		status: z.number().int().min(400).max(599),
		body: z.string().optional(),
		retryAfter: z.number().min(0).optional()
	}),
	z.strictObject({ kind: z.literal('hang'), headers: z.boolean().optional() }),
	z.strictObject({
		kind: z.literal('drop'),
		afterChunks: z.number().int().min(0),
		text: z.string().optional(),
		chunkDelayMs: ms.optional()
	})
]);
export type Behaviour = z.infer<typeof behaviour>;

/** The model list `/v1/models` answers, or the status it fails with. */
export const modelListing = z.union([
	z.array(z.string().min(1)),
	z.strictObject({ status: z.number().int().min(400).max(599) })
]);
export type ModelListing = z.infer<typeof modelListing>;

/**
 * Body of `POST /control`: `reset` first (empties the queue and the recorded requests, and
 * restores the default reply and model list), then `queue` is added to the queue, `default`
 * replaces the fallback behaviour and `models` the model list.
 */
export const control = z.strictObject({
	reset: z.boolean().optional(),
	queue: z.array(behaviour).optional(),
	default: behaviour.optional(),
	models: modelListing.optional()
});
export type Control = z.infer<typeof control>;

/** The part of a chat-completions request body the fake reads. */
export const completionRequest = z.looseObject({
	model: z.string(),
	messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })),
	stream: z.boolean().optional(),
	stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish()
});
export type CompletionRequest = z.infer<typeof completionRequest>;

/** What a message's content says, as text (parts joined). */
export function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((part: unknown) =>
			typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''
		)
		.join('');
}

/** The default reply: `Echo: ` and the last user message. */
export function echoText(request: CompletionRequest): string {
	const last = request.messages.findLast((m) => m.role === 'user');
	return `Echo: ${last ? contentText(last.content) : ''}`;
}

/** `text` cut into `count` pieces of about equal length, or a word (and the space before it) each. */
export function textPieces(text: string, count?: number): string[] {
	if (count === undefined) return text.match(/\s*\S+\s*$|\s*\S+/g) ?? [];
	const chars = Array.from(text);
	const size = Math.ceil(chars.length / count);
	const pieces: string[] = [];
	for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
	return pieces;
}

/** The fake's own token counts: words of the conversation plus 3 a message, chunks of the reply. */
export function fakeUsage(request: CompletionRequest, pieces: number) {
	const words = request.messages
		.map((m) => contentText(m.content).split(/\s+/).filter(Boolean).length)
		.reduce((a, b) => a + b, 0);
	return { inputTokens: words + 3 * request.messages.length, outputTokens: pieces };
}
