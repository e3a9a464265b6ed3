import { describe, expect, it } from 'vitest';
import { demoReplyText } from '$lib/chat/demo-reply';
import { guestReply } from './guest-reply';

describe('guestReply', () => {
	it('streams the demo model reply word by word and ends with its usage', async () => {
		const messages = [{ role: 'user' as const, content: 'hello from a guest' }];
		const seen: string[] = [];
		const result = await guestReply(
			messages,
			(text) => seen.push(text),
			async () => {}
		);
		expect(result.text).toBe(demoReplyText(messages));
		expect(seen.at(-1)).toBe(demoReplyText(messages));
		expect(seen.length).toBeGreaterThan(5);
		expect(result.done).toMatchObject({
			model: 'outpost-demo',
			outputTokens: expect.any(Number)
		});
	});
});
