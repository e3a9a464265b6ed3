import type { ChatRequest } from '$lib/protocol/chat';

/** One reply being produced: its text arrives in pieces. */
export interface ModelProvider {
	/** The model name stored on assistant messages. */
	readonly model: string;
	/** Streams the reply to a conversation, piece by piece; stops when `signal` aborts. */
	reply(messages: ChatRequest['messages'], signal: AbortSignal): AsyncIterable<string>;
}
