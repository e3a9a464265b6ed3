import { describe, expect, it } from 'vitest';
import type { ReplyState } from '$lib/client/reply-states';
import { replyToStop } from './reply-keys';

describe('replyToStop', () => {
	it('picks the newest reply being written', () => {
		const states = new Map<string, ReplyState>([
			['a1', { kind: 'writing', questionId: 'q1' }],
			['a2', { kind: 'last', questionId: 'q2' }],
			['a3', { kind: 'writing', questionId: 'q3' }]
		]);
		expect(replyToStop(states)).toBe('q3');
	});

	it('finds nothing to stop when no reply is being written', () => {
		const states = new Map<string, ReplyState>([['a1', { kind: 'stopped', questionId: 'q1' }]]);
		expect(replyToStop(states)).toBeNull();
		expect(replyToStop(new Map())).toBeNull();
	});
});
