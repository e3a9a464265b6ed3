import type { ChatRequest } from '$lib/protocol/chat';

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

/** The demo reply cut into the pieces it streams in: a word and its trailing space each. */
export function demoReplyPieces(messages: ChatRequest['messages']): string[] {
	return demoReplyText(messages).match(/\S+\s*/g) ?? [];
}

/** A rough token count, the same on both sides: about four characters a token. */
export function estimateTokens(text: string): number {
	return Math.ceil(text.length / 4);
}

/** The token counts of a reply to `messages`, estimated the same way wherever it is written. */
export function replyUsage(
	messages: ChatRequest['messages'],
	text: string
): { inputTokens: number; outputTokens: number } {
	return {
		inputTokens: estimateTokens(messages.map((m) => m.content).join('\n')),
		outputTokens: estimateTokens(text)
	};
}
