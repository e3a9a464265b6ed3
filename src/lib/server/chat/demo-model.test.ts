import { describe, expect, it } from 'vitest';
import { DEMO_MODEL, demoReplyPieces, demoReplyText, replyUsage } from '$lib/chat/demo-reply';
import { demoModel } from './demo-model';
import type { ModelEvent } from './model-provider';

const MESSAGES = [{ role: 'user' as const, content: 'Hello there, outpost!' }];

describe('the demo model', () => {
	it('streams the demo reply a word at a time and ends with its estimated usage', async () => {
		const events: ModelEvent[] = [];
		const signal = new AbortController().signal;
		for await (const event of demoModel(0).stream({ messages: MESSAGES, signal }))
			events.push(event);
		expect(events).toEqual([
			...demoReplyPieces(MESSAGES).map((text) => ({ type: 'text', text })),
			{ type: 'usage', ...replyUsage(MESSAGES, demoReplyText(MESSAGES)) }
		]);
	});

	it('stops without usage when the signal aborts', async () => {
		const abort = new AbortController();
		const events: ModelEvent[] = [];
		for await (const event of demoModel(1).stream({ messages: MESSAGES, signal: abort.signal })) {
			events.push(event);
			abort.abort();
		}
		expect(events).toEqual([{ type: 'text', text: demoReplyPieces(MESSAGES)[0] }]);
	});

	it('is its own default and only model', async () => {
		const model = demoModel();
		expect(model.defaultModel).toBe(DEMO_MODEL);
		expect(await model.models()).toEqual([DEMO_MODEL]);
	});
});
