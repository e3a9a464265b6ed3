import { describe, expect, it } from 'vitest';
import type { MessageView } from '$lib/worker/sync-worker-api';
import { applyChanges, prependOlder, type MessageWindowState } from './message-window';

const view = (id: string, minute: number, content = id): MessageView => ({
	id,
	sessionId: 's1',
	role: 'user',
	content,
	model: null,
	status: 'complete',
	inputTokens: 1,
	outputTokens: 0,
	elapsedMs: 0,
	createdAt: `2026-01-05T10:${String(minute).padStart(2, '0')}:00.000Z`,
	updatedAt: `2026-01-05T10:${String(minute).padStart(2, '0')}:00.000Z`,
	synced: false,
	rejected: null
});
const ids = (w: MessageWindowState) => w.messages.map((m) => m.id);
const window = (hasOlder: boolean): MessageWindowState => ({
	messages: [view('b', 20), view('c', 30), view('d', 40)],
	hasOlder
});

describe('applyChanges', () => {
	it('replaces a changed message where it is', () => {
		const next = applyChanges(window(true), ['c'], [{ ...view('c', 30), synced: true }], 50);
		expect(ids(next)).toEqual(['b', 'c', 'd']);
		expect(next.messages[1]?.synced).toBe(true);
	});

	it('adds a new message in display order, ties broken by id', () => {
		const next = applyChanges(window(true), ['e', 'c2'], [view('e', 50), view('c2', 30)], 50);
		expect(ids(next)).toEqual(['b', 'c', 'c2', 'd', 'e']);
	});

	it('leaves a message older than the window for when the reader scrolls back', () => {
		const w = window(true);
		expect(applyChanges(w, ['a'], [view('a', 10)], 50)).toBe(w);
	});

	it('adds an older message when the window reaches the start of the chat', () => {
		expect(ids(applyChanges(window(false), ['a'], [view('a', 10)], 50))).toEqual([
			'a',
			'b',
			'c',
			'd'
		]);
	});

	it('removes a message named by the change but no longer live', () => {
		expect(ids(applyChanges(window(true), ['c'], [], 50))).toEqual(['b', 'd']);
	});

	it('returns the same window when nothing shown changed', () => {
		const w = window(true);
		expect(applyChanges(w, ['zz'], [], 50)).toBe(w);
	});

	it('fills an empty window', () => {
		const empty = { messages: [], hasOlder: false };
		expect(ids(applyChanges(empty, ['a'], [view('a', 10)], 50))).toEqual(['a']);
	});
});

describe('applyChanges while a history arrives', () => {
	const many = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => view(`m${String(from + i).padStart(3, '0')}`, 0));

	it('keeps the newest of a page arriving in an empty window, and knows older ones exist', () => {
		const page = many(100, 500);
		const next = applyChanges(
			{ messages: [], hasOlder: false },
			page.map((m) => m.id),
			page,
			50
		);
		expect(ids(next)).toEqual(page.slice(450).map((m) => m.id));
		expect(next.hasOlder).toBe(true);
	});

	it('fills a short window with older messages up to its size, no further', () => {
		const start = { messages: many(590, 10), hasOlder: false };
		const older = many(100, 490);
		const next = applyChanges(
			start,
			older.map((m) => m.id),
			older,
			50
		);
		expect(next.messages).toHaveLength(50);
		expect(ids(next).slice(0, 40)).toEqual(older.slice(450).map((m) => m.id));
		expect(next.hasOlder).toBe(true);
	});

	it('always adds new messages at the end, however long the window', () => {
		const start = { messages: many(0, 300), hasOlder: true };
		const next = applyChanges(start, ['m999'], [view('m999', 59)], 50);
		expect(next.messages).toHaveLength(301);
		expect(next.messages.at(-1)?.id).toBe('m999');
	});
});

describe('prependOlder', () => {
	it('puts the older page first and takes its hasOlder', () => {
		const next = prependOlder(window(true), { messages: [view('a', 10)], hasOlder: false });
		expect(ids(next)).toEqual(['a', 'b', 'c', 'd']);
		expect(next.hasOlder).toBe(false);
	});

	it('does not show a message twice', () => {
		const next = prependOlder(window(true), {
			messages: [view('a', 10), view('b', 20)],
			hasOlder: true
		});
		expect(ids(next)).toEqual(['a', 'b', 'c', 'd']);
	});
});
