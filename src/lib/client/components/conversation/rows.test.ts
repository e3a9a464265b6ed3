import { describe, expect, it } from 'vitest';
import type { MessageView } from '$lib/worker/sync-worker-api';
import {
	conversationRows,
	DEVICE_REPLY,
	latestQuestion,
	newestRows,
	prependedCount,
	rowsToDraw
} from './rows';

const message = (id: string, role: 'user' | 'assistant' = 'user'): MessageView => ({
	id,
	sessionId: 's',
	role,
	content: id,
	model: null,
	status: 'complete',
	inputTokens: 0,
	outputTokens: 0,
	elapsedMs: 0,
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-01T00:00:00.000Z',
	synced: true,
	rejected: null
});

describe('conversation rows', () => {
	it('lists the messages, then the reply the device is writing', () => {
		const rows = conversationRows([message('a'), message('b', 'assistant')], true);
		expect(rows.map((row) => row.key)).toEqual(['a', 'b', DEVICE_REPLY]);
		expect(conversationRows([message('a')], false).map((row) => row.key)).toEqual(['a']);
	});

	it('counts the rows put before the first one when older messages are read', () => {
		const rows = conversationRows(
			['x', 'y', 'a', 'b'].map((id) => message(id)),
			false
		);
		expect(prependedCount('a', rows)).toBe(2);
		expect(prependedCount('x', rows)).toBe(0);
	});

	it('counts none for a list without the former first row, or a first list', () => {
		const rows = conversationRows([message('p'), message('q')], false);
		expect(prependedCount('a', rows)).toBe(0);
		expect(prependedCount(undefined, rows)).toBe(0);
	});

	it('finds the newest user message', () => {
		const messages = [
			message('q1'),
			message('r1', 'assistant'),
			message('q2'),
			message('r2', 'assistant')
		];
		expect(latestQuestion(messages)).toBe('q2');
		expect(latestQuestion([message('r', 'assistant')])).toBeUndefined();
	});

	it('draws the newest rows first, twice as many each frame, then every row that comes', () => {
		const rows = conversationRows(
			['a', 'b', 'c', 'd', 'e'].map((id) => message(id)),
			false
		);
		expect(newestRows(rows, 2).map((row) => row.key)).toEqual(['d', 'e']);
		expect(newestRows(rows, 9)).toBe(rows);
		expect(newestRows(rows, Infinity)).toBe(rows);
		expect(rowsToDraw(4, 50)).toBe(8);
		expect(rowsToDraw(16, 50)).toBe(32);
		expect(rowsToDraw(32, 50)).toBe(Infinity);
		expect(rowsToDraw(4, 3)).toBe(Infinity);
	});
});
