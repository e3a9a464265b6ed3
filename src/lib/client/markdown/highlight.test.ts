import { describe, expect, it, vi } from 'vitest';
import { highlightCode, highlighterReady, loadHighlighter, onHighlighterReady } from './highlight';

describe('the highlighter', () => {
	it('shows code plain until its languages have loaded, then tells the views once', async () => {
		const ready = vi.fn();
		const cancelled = vi.fn();
		onHighlighterReady(ready);
		onHighlighterReady(cancelled)();
		expect(highlighterReady()).toBe(false);
		expect(highlightCode('const a = 1;', 'ts')).toBeNull();

		await Promise.all([loadHighlighter(), loadHighlighter()]);

		expect(highlighterReady()).toBe(true);
		expect(highlightCode('const a = 1;', 'ts')).toContain(
			'<span class="hljs-keyword">const</span>'
		);
		expect(highlightCode('x', 'nosuchlang')).toBeNull();
		expect(ready).toHaveBeenCalledTimes(1);
		expect(cancelled).not.toHaveBeenCalled();
		const late = vi.fn();
		onHighlighterReady(late);
		expect(late).not.toHaveBeenCalled();
	});
});
