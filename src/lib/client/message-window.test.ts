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
		const next = applyChanges(window(true), ['c'], [{ ...view('c', 30), synced: true }]);
		expect(ids(next)).toEqual(['b', 'c', 'd']);
		expect(next.messages[1]?.synced).toBe(true);
	});

	it('adds a new message in display order, ties broken by id', () => {
		const next = applyChanges(window(true), ['e', 'c2'], [view('e', 50), view('c2', 30)]);
		expect(ids(next)).toEqual(['b', 'c', 'c2', 'd', 'e']);
	});

	it('leaves a message older than the window for when the reader scrolls back', () => {
		const w = window(true);
		expect(applyChanges(w, ['a'], [view('a', 10)])).toBe(w);
	});

	it('adds an older message when the window reaches the start of the chat', () => {
		expect(ids(applyChanges(window(false), ['a'], [view('a', 10)]))).toEqual(['a', 'b', 'c', 'd']);
	});

	it('removes a message named by the change but no longer live', () => {
		expect(ids(applyChanges(window(true), ['c'], []))).toEqual(['b', 'd']);
	});

	it('returns the same window when nothing shown changed', () => {
		const w = window(true);
		expect(applyChanges(w, ['zz'], [])).toBe(w);
	});

	it('fills an empty window', () => {
		const empty = { messages: [], hasOlder: false };
		expect(ids(applyChanges(empty, ['a'], [view('a', 10)]))).toEqual(['a']);
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
