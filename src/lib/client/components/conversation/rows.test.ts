import { describe, expect, it } from 'vitest';
import type { MessageView } from '$lib/worker/sync-worker-api';
import {
	conversationRows,
	DEVICE_REPLY,
	latestQuestion,
	newestRows,
	prependedCount,
	rowsToDraw,
	FIRST_STEP,
	STEP_BUDGET_MS
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

	it('draws the newest rows first, then older ones as many per step as the last step says fit', () => {
		const rows = conversationRows(
			['a', 'b', 'c', 'd', 'e'].map((id) => message(id)),
			false
		);
		expect(newestRows(rows, 2).map((row) => row.key)).toEqual(['d', 'e']);
		expect(newestRows(rows, 9)).toBe(rows);
		expect(newestRows(rows, Infinity)).toBe(rows);
		// Nothing measured yet: a small first step.
		expect(rowsToDraw(4, 50)).toBe(4 + FIRST_STEP);
		// 2 rows took 20 ms: 10 ms a row, one fits.
		expect(rowsToDraw(6, 50, { rows: 2, ms: 20 })).toBe(7);
		// A row that takes longer than the budget still moves on, one at a time.
		expect(rowsToDraw(6, 50, { rows: 1, ms: 200 })).toBe(7);
		// Cheap rows: as many as fit, at most twice as many as are drawn.
		expect(rowsToDraw(6, 50, { rows: 4, ms: 2 })).toBe(12);
		expect(rowsToDraw(10, 50, { rows: 2, ms: STEP_BUDGET_MS / 4 })).toBe(18);
		// Nothing costs nothing: still at most doubling.
		expect(rowsToDraw(16, 50, { rows: 8, ms: 0 })).toBe(32);
		// The last step draws them all, and rows that come after it are drawn at once.
		expect(rowsToDraw(32, 50, { rows: 16, ms: 1 })).toBe(Infinity);
		expect(rowsToDraw(4, 3)).toBe(Infinity);
		expect(rowsToDraw(4, 6)).toBe(Infinity);
	});
});
