import { describe, expect, it } from 'vitest';
import { UNTITLED } from '$lib/chat/chat-titles';
import type { SessionView } from '$lib/worker/sync-worker-api';
import { changedSession, checkTitle, MAX_TITLE, nextAfterRemoval, reusableChat } from './chat-list';

const AT = '2026-01-05T10:00:00.000Z';
const view = (id: string, data: Partial<SessionView> = {}): SessionView => ({
	id,
	title: `Chat ${id}`,
	createdAt: AT,
	updatedAt: AT,
	lastActivityAt: AT,
	empty: false,
	synced: true,
	...data
});

describe('checkTitle', () => {
	it.each([
		['Porto trip', 'Porto trip'],
		['  Porto \n trip  ', 'Porto trip'],
		['😀'.repeat(MAX_TITLE), '😀'.repeat(MAX_TITLE)]
	])('keeps %j as %j', (typed, title) => {
		expect(checkTitle(typed)).toEqual({ ok: true, title });
	});

	it.each([
		['', /needs a title/],
		[' \t\n', /needs a title/],
		['x'.repeat(MAX_TITLE + 1), /at most 200 characters/],
		['bad\u0000title', /cannot store/],
		['lone \uD800 surrogate', /cannot store/]
	])('refuses %j with a readable reason', (typed, reason) => {
		const checked = checkTitle(typed);
		expect(checked.ok).toBe(false);
		if (!checked.ok) expect(checked.error).toMatch(reason);
	});
});

describe('changedSession', () => {
	it('changes the title at the time of the rename', () => {
		const now = Date.parse('2026-02-01T00:00:00.000Z');
		expect(changedSession(view('s1'), 'New title', now)).toEqual({
			title: 'New title',
			createdAt: AT,
			updatedAt: '2026-02-01T00:00:00.000Z'
		});
	});

	it('is later than the stored state even when this clock is behind', () => {
		const stored = view('s1', { updatedAt: '2030-01-01T00:00:00.000Z' });
		expect(changedSession(stored, 'x', Date.parse(AT)).updatedAt).toBe('2030-01-01T00:00:00.001Z');
	});
});

describe('reusableChat', () => {
	const after = { since: Date.parse(AT) + 1, mine: new Set<string>() };

	it('finds the first empty untitled chat, not an empty renamed one', () => {
		const sessions = [
			view('named', { title: 'Ideas', empty: true }),
			view('used', { title: UNTITLED }),
			view('empty', { title: UNTITLED, empty: true }),
			view('older', { title: UNTITLED, empty: true })
		];
		expect(reusableChat(sessions, after)?.id).toBe('empty');
		expect(reusableChat(sessions.slice(0, 2), after)).toBeUndefined();
	});

	it("never takes an empty chat another tab made since this page started, only this page's own", () => {
		const sessions = [view('theirs', { title: UNTITLED, empty: true })];
		const started = { since: Date.parse(AT), mine: new Set<string>() };
		expect(reusableChat(sessions, started)).toBeUndefined();
		expect(reusableChat(sessions, { ...started, mine: new Set(['theirs']) })?.id).toBe('theirs');
	});
});

describe('nextAfterRemoval', () => {
	const list = [view('a'), view('b'), view('c')];
	it.each([
		['a', 'b'],
		['b', 'c'],
		['c', 'b'],
		['unknown', null]
	])('opens the chat next to %s: %s', (removed, next) => {
		expect(nextAfterRemoval(list, removed)).toBe(next);
	});

	it('opens none when the last chat goes', () => {
		expect(nextAfterRemoval([view('a')], 'a')).toBeNull();
	});
});
