import type { ChatRequest } from '$lib/protocol/chat';
import type { ModelProvider } from './model-provider';

/** Name of the built-in responder, shown in the UI. */
export const DEMO_MODEL = 'outpost-demo';

/** The whole deterministic reply of the demo model to a conversation. */
export function demoReplyText(messages: ChatRequest['messages']): string {
	const last =
		[...messages]
			.reverse()
			.find((m) => m.role === 'user')
			?.content.trim() ?? '';
	const words = last.split(/\s+/).filter(Boolean).length;
	const turn = messages.filter((m) => m.role === 'user').length;
	const quoted = last.length > 280 ? `${last.slice(0, 277)}…` : last;
	return (
		`You said: "${quoted}" (${words} ${words === 1 ? 'word' : 'words'}, message ${turn} of this chat). ` +
		'I am the Outpost demo model, a local responder that answers without a model provider.'
	);
}

/**
 * A deterministic local responder, the default when no model provider is configured: it
 * echoes the last user message, a word at a time, with `delayMs` between words.
 */
export function demoModel(delayMs = 15): ModelProvider {
	return {
		model: DEMO_MODEL,
		async *reply(messages, signal) {
			const pieces = demoReplyText(messages).match(/\S+\s*/g) ?? [];
			for (const piece of pieces) {
				if (signal.aborted) return;
				if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
				yield piece;
			}
		}
	};
}

/** A rough token count, the same on both sides: about four characters a token. */
export function estimateTokens(text: string): number {
	return Math.ceil(text.length / 4);
}
