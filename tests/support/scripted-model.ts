import type {
	ModelEvent,
	ModelProvider,
	ReplyRequest
} from '../../src/lib/server/chat/model-provider';

/** What the scripted model does for one reply. */
export type Script =
	| { kind: 'reply'; text?: string; pieceDelayMs?: number }
	/** Sends `text` and then waits until the reply is aborted. */
	| { kind: 'hang'; text?: string }
	| { kind: 'throw'; error: Error };

/**
 * A model provider run in the test's process (the project's own code around it is real): each
 * reply takes the next script, then replies "Re: <last message>" in three pieces. It records
 * the conversations it was given.
 */
export function scriptedModel(defaultModel = 'scripted-model') {
	const scripts: Script[] = [];
	const seen: ReplyRequest['messages'][] = [];
	let active = 0;
	const provider: ModelProvider = {
		defaultModel,
		async models() {
			return [defaultModel];
		},
		async *stream(request: ReplyRequest): AsyncIterable<ModelEvent> {
			seen.push(request.messages);
			active++;
			try {
				const script = scripts.shift() ?? { kind: 'reply' };
				if (script.kind === 'throw') throw script.error;
				const last = request.messages.at(-1)?.content ?? '';
				const text = script.text ?? `Re: ${last}`;
				const size = Math.ceil(text.length / 3) || 1;
				for (let i = 0; i < text.length; i += size) {
					if (request.signal.aborted) return;
					if (script.kind === 'reply' && script.pieceDelayMs) {
						await new Promise((resolve) => setTimeout(resolve, script.pieceDelayMs));
					}
					yield { type: 'text', text: text.slice(i, i + size) };
				}
				if (script.kind === 'hang') {
					await new Promise<void>((resolve) => {
						if (request.signal.aborted) resolve();
						request.signal.addEventListener('abort', () => resolve(), { once: true });
					});
					return;
				}
				yield { type: 'usage', inputTokens: 7, outputTokens: 5 };
			} finally {
				active--;
			}
		}
	};
	return {
		provider,
		seen,
		/** Scripts for the next replies, in order. */
		then(...next: Script[]) {
			scripts.push(...next);
		},
		get active() {
			return active;
		}
	};
}
