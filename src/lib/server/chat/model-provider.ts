/** One piece of a reply as it streams: text, then (last) the reply's token counts. */
export type ModelEvent =
	{ type: 'text'; text: string } | { type: 'usage'; inputTokens: number; outputTokens: number };

/** A conversation to reply to, newest message last. */
export interface ReplyRequest {
	messages: { role: 'user' | 'assistant' | 'system'; content: string }[];
	/** The model asked for; null, absent or empty = the provider's default model. */
	model?: string | null;
	/** Aborting it stops the reply promptly: the stream then ends without a usage event. */
	signal: AbortSignal;
}

/** Where replies come from: the built-in demo model or an OpenAI-compatible API. */
export interface ModelProvider {
	/**
	 * The model used when a request names none. Empty only while a provider configured without
	 * LLM_MODEL has not yet listed its models (its first model becomes the default).
	 */
	readonly defaultModel: string;
	/**
	 * Streams the reply to a conversation: `text` events, then one `usage` event (the
	 * provider's counts, or estimated). Throws a ProviderError when the provider fails.
	 */
	stream(request: ReplyRequest): AsyncIterable<ModelEvent>;
	/** The provider's model list, cached for a few minutes; `[defaultModel]` when it cannot be read. */
	models(): Promise<string[]>;
}

/** Why a provider failed to reply. */
export const PROVIDER_ERROR_KINDS = [
	'auth',
	'rate',
	'server',
	'timeout',
	'dropped',
	'refused'
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

/** Kinds worth trying again later: the same request may well succeed then. */
const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['rate', 'server', 'timeout', 'dropped']);

/**
 * A model provider's failure. Its message is readable and fit to show users (it never holds a
 * key or the provider's own wording); `retryable` says whether asking again later may work, and
 * `retryAfterMs` how long the provider asked to wait, when it said.
 */
export class ProviderError extends Error {
	override readonly name = 'ProviderError';
	readonly code: `provider_${ProviderErrorKind}`;
	readonly retryable: boolean;
	readonly retryAfterMs: number | undefined;
	/** The HTTP status the provider answered, when it answered one. */
	readonly status: number | undefined;

	constructor(
		readonly kind: ProviderErrorKind,
		message: string,
		options: { status?: number; retryAfterMs?: number; cause?: unknown } = {}
	) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.code = `provider_${kind}`;
		this.retryable = RETRYABLE.has(kind);
		this.status = options.status;
		this.retryAfterMs = options.retryAfterMs;
	}
}
