import { describe, expect, it, vi } from 'vitest';
import {
	CACHE_ENTRIES,
	HIGHLIGHT_LIMIT,
	highlightCode,
	highlighted,
	onHighlighted,
	requestHighlight,
	whenHighlighted
} from './highlight';

describe('the highlighter', () => {
	it('answers a block asked for once, after the render that asked, and tells the views once', async () => {
		const told = vi.fn();
		const cancelled = vi.fn();
		onHighlighted(told);
		onHighlighted(cancelled)();
		requestHighlight('const a = 1;', 'ts');
		requestHighlight('const a = 1;', 'ts');
		expect(highlighted('const a = 1;', 'ts')).toBeUndefined();
		expect(highlightCode('const a = 1;', 'ts')).toBeNull();

		await whenHighlighted();

		expect(highlightCode('const a = 1;', 'ts')).toContain(
			'<span class="hljs-keyword">const</span>'
		);
		expect(told).toHaveBeenCalledTimes(1);
		expect(cancelled).not.toHaveBeenCalled();
	});

	it('answers null for a language it does not know and code past its limit', async () => {
		requestHighlight('x', 'nosuchlang');
		requestHighlight('x'.repeat(HIGHLIGHT_LIMIT + 1), 'ts');
		await whenHighlighted();
		expect(highlighted('x', 'nosuchlang')).toBeNull();
		expect(highlighted('x'.repeat(HIGHLIGHT_LIMIT + 1), 'ts')).toBeNull();
	});

	it('keeps the answers of the most recently used blocks only', async () => {
		requestHighlight('let first = 0;', 'js');
		await whenHighlighted();
		for (let i = 0; i < CACHE_ENTRIES; i++) requestHighlight(`let n = ${i};`, 'js');
		await whenHighlighted();
		expect(highlighted('let first = 0;', 'js')).toBeUndefined();
		expect(highlighted(`let n = ${CACHE_ENTRIES - 1};`, 'js')).toContain('hljs-keyword');
	});
});
