import { describe, expect, it } from 'vitest';
import { requestHighlight, whenHighlighted } from './highlight';
import { COPY_LABEL, escapeHtml, lexMarkdown, renderBlock } from './marked-renderer';

/** The whole text rendered, without the sanitiser (which needs a DOM: see the browser tests). */
const render = (text: string) =>
	lexMarkdown(text)
		.map((token) => renderBlock(token))
		.join('')
		.trim();

describe('the markdown renderer', () => {
	it.each([
		['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
		['a <img src=x onerror=alert(1)> b', '<p>a &lt;img src=x onerror=alert(1)&gt; b</p>'],
		['<div>\nblock\n</div>', '<p>&lt;div&gt;<br>block<br>&lt;/div&gt;</p>'],
		['<svg onload=alert(1)>', '<p>&lt;svg onload=alert(1)&gt;</p>']
	])('shows raw HTML %j as text', (text, html) => {
		expect(render(text)).toBe(html);
	});

	it.each([
		'[x](javascript:alert(1))',
		'[x](javascript&#58;alert(1))',
		'[x](&#106;avascript:alert(1))',
		'[x](<java\tscript:alert(1)>)',
		'[x][1]\n\n[1]: javascript:alert(1)',
		'[x](data:text/html,hi)',
		'[x](/api/auth/sign-out)'
	])('keeps the text of the link %j but not the link', (text) => {
		expect(render(text)).toBe('<p>x</p>');
	});

	it('opens http(s) and mailto links, autolinks included', () => {
		expect(render('[a](https://example.com "T") www.example.org mailto:me@example.com')).toBe(
			'<p><a href="https://example.com/" title="T">a</a> <a href="http://www.example.org/">www.example.org</a> <a href="mailto:me@example.com">mailto:me@example.com</a></p>'
		);
	});

	it('turns images into links named by their alt text, and unsafe ones into that text', () => {
		expect(render('![a cat](https://example.com/cat.png)')).toBe(
			'<p><a class="image-link" href="https://example.com/cat.png">a cat</a></p>'
		);
		expect(render('![pixel](data:image/png;base64,AAAA)')).toBe('<p>pixel</p>');
		expect(render('![<b>](javascript:alert(1))')).toBe('<p>&lt;b&gt;</p>');
	});

	it('highlights a fenced block of a known language once its answer is here, and gives it a copy button', async () => {
		const text = '```ts\nconst a: string = "<b>";\n```';
		expect(render(text)).toContain('<code class="hljs language-ts">const a');
		requestHighlight('const a: string = "<b>";', 'ts');
		await whenHighlighted();
		const html = render(text);
		expect(html).toContain('<span class="code-lang">ts</span>');
		expect(html).toContain(`<button type="button" class="copy-code">${COPY_LABEL}</button>`);
		expect(html).toContain(
			'<code class="hljs language-ts"><span class="hljs-keyword">const</span>'
		);
		expect(html).toContain('&quot;&lt;b&gt;&quot;');
	});

	it('shows code of an unknown or hostile language plain', () => {
		expect(render('```nosuchlang\n<b>x</b>\n```')).toContain(
			'<code class="hljs language-nosuchlang">&lt;b&gt;x&lt;/b&gt;</code>'
		);
		const hostile = render('```"><img src=x onerror=alert(1)>\ncode\n```');
		expect(hostile).toContain('<code>code</code>');
		expect(hostile).not.toContain('<img');
	});

	it('renders an unclosed fence, as a streaming reply has, as code', async () => {
		requestHighlight('print(1)', 'py');
		await whenHighlighted();
		expect(render('Here:\n\n```py\nprint(1)')).toContain(
			'<code class="hljs language-py"><span class="hljs-built_in">print</span>'
		);
	});

	it('shows code being written highlighted as far as it was, and the rest plain until its answer', async () => {
		requestHighlight('let a = 1;', 'js');
		await whenHighlighted();
		expect(render('```js\nlet a = 1;\nlet b')).toContain(
			'<code class="hljs language-js"><span class="hljs-keyword">let</span> a = <span class="hljs-number">1</span>;\nlet b</code>'
		);
		expect(render('```py\nlet a = 1;\nlet b')).toContain(
			'<code class="hljs language-py">let a = 1;'
		);
	});

	it('renders GFM tables in a scrolling box, task lists and strikethrough', () => {
		expect(render('| a | b |\n|:-|-:|\n| 1 | 2 |')).toMatch(
			/^<div class="table-scroll" tabindex="0"><table>[\s\S]*<th align="right">b<\/th>/
		);
		expect(render('- [x] done\n- [ ] not yet')).toContain(
			'<li><input checked="" disabled="" type="checkbox"> done</li>'
		);
		expect(render('~~gone~~')).toBe('<p><del>gone</del></p>');
	});

	it('keeps single line breaks, as people type them', () => {
		expect(render('one\ntwo')).toBe('<p>one<br>two</p>');
	});

	it('escapes every character that matters in HTML', () => {
		expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
			'&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;'
		);
	});
});
