import { DEMO_MODEL, demoReplyPieces } from '$lib/chat/demo-reply';
import type { ModelProvider } from './model-provider';

/**
 * A deterministic local responder, the default when no model provider is configured: it
 * echoes the last user message, a word at a time, with `delayMs` between words.
 */
export function demoModel(delayMs = 15): ModelProvider {
	return {
		model: DEMO_MODEL,
		async *reply(messages, signal) {
			const pieces = demoReplyPieces(messages);
			for (const piece of pieces) {
				if (signal.aborted) return;
				if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
				yield piece;
			}
		}
	};
}
