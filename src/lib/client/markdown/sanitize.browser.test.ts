import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dangers, HTML_PAYLOADS, MARKDOWN_PAYLOADS } from '../../../../tests/support/xss-payloads';
import { renderMarkdown } from './index';
import { lexMarkdown, renderBlock } from './marked-renderer';
import { sanitizeHtml } from './sanitize';

declare global {
	interface Window {
		__xss?: boolean;
	}
}

let host: HTMLDivElement;
beforeEach(() => {
	delete window.__xss;
	host = document.createElement('div');
	document.body.append(host);
});
afterEach(() => host.remove());

/** Waits long enough for a failed image load (at `x:`), a frame's load or an animation to fire its handler. */
async function settle(): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, 60));
	await new Promise((resolve) => requestAnimationFrame(resolve));
}

describe('the harness', () => {
	it('sees a payload run when it is put into the page unsanitised', async () => {
		host.innerHTML = '<img src="x:" onerror="window.__xss = true">';
		await settle();
		expect(window.__xss).toBe(true);
		expect(dangers(host)).toEqual(['<img>', 'img[src]', 'img[onerror]']);
	});
});

describe('markdown rendered and put into the page', () => {
	it.each(MARKDOWN_PAYLOADS)('runs nothing of %j', async (payload) => {
		host.innerHTML = renderMarkdown(payload);
		// Clicking a button (a code block's Copy) runs nothing either.
		for (const button of host.querySelectorAll('button')) button.click();
		await settle();
		expect(window.__xss).toBeUndefined();
		expect(dangers(host)).toEqual([]);
	});

	it('opens links in a new tab without the opener and shows images as links', () => {
		host.innerHTML = renderMarkdown('[site](https://example.com) ![a cat](https://e.test/cat.png)');
		const [site, cat] = host.querySelectorAll('a');
		expect(site?.getAttribute('href')).toBe('https://example.com/');
		expect(site?.target).toBe('_blank');
		expect(site?.rel).toBe('noopener noreferrer');
		expect(cat?.textContent).toBe('a cat');
		expect(cat?.className).toBe('image-link');
		expect(host.querySelector('img')).toBeNull();
	});
});

describe('the sanitiser by itself, given raw HTML', () => {
	it('keeps everything the renderer writes for ordinary markdown', () => {
		const text = [
			'# Title',
			'Some *emphasis*, **strong**, ~~struck~~ and `code`.',
			'> quoted',
			'3. three\n4. four',
			'- [x] done\n- [ ] to do',
			'| a | b |\n|:-:|--:|\n| 1 | 2 |',
			'---',
			'```python\ndef f(x):\n    return x * 2  # twice\n```'
		].join('\n\n');
		const unsanitised = lexMarkdown(text)
			.map((token) => renderBlock(token))
			.join('');
		const parse = (html: string) => {
			const template = document.createElement('template');
			template.innerHTML = html;
			return template.content;
		};
		expect(parse(sanitizeHtml(unsanitised)).isEqualNode(parse(unsanitised))).toBe(true);
	});

	it.each(HTML_PAYLOADS)('removes what runs from %j', async (payload) => {
		host.innerHTML = sanitizeHtml(payload);
		await settle();
		expect(window.__xss).toBeUndefined();
		expect(dangers(host)).toEqual([]);
		expect(host.querySelector('#__xss, [name]')).toBeNull();
	});
});
