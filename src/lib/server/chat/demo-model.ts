import { DEMO_MODEL, demoReplyPieces, replyUsage } from '$lib/chat/demo-reply';
import type { ModelProvider } from './model-provider';

/**
 * A deterministic local responder, the default when no model provider is configured: it
 * echoes the last user message, a word at a time with `delayMs` between words, and ends with
 * the reply's estimated token counts. It stops quietly, without usage, when the signal aborts.
 */
export function demoModel(delayMs = 15): ModelProvider {
	return {
		defaultModel: DEMO_MODEL,
		async *stream({ messages, signal }) {
			let text = '';
			for (const piece of demoReplyPieces(messages)) {
				if (signal.aborted) return;
				if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
				if (signal.aborted) return;
				text += piece;
				yield { type: 'text', text: piece };
			}
			yield { type: 'usage', ...replyUsage(messages, text) };
		},
		async models() {
			return [DEMO_MODEL];
		}
	};
}
