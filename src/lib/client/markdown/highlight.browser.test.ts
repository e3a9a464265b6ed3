import { describe, expect, it } from 'vitest';
import { highlightCode, requestHighlight, whenHighlighted } from './highlight';

describe('the highlighter in the browser', () => {
	it('highlights in its worker: highlight.js is never loaded by the page', async () => {
		requestHighlight('fn main() { let x = 1; }', 'rust');
		await whenHighlighted();
		expect(highlightCode('fn main() { let x = 1; }', 'rust')).toContain(
			'<span class="hljs-keyword">fn</span>'
		);
		const loaded = performance.getEntriesByType('resource').map((entry) => entry.name);
		expect(loaded.some((name) => name.includes('highlight-worker'))).toBe(true);
		expect(loaded.filter((name) => /highlight[._]js/.test(name))).toEqual([]);
	});
});
