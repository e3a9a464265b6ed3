/*
 * Script injection attempts for the markdown tests. Every payload that ran would set
 * `window.__xss` (or the parent's, from a frame); none may. Images point at `x:`, a URL that
 * fails at once, so that a handler that got through would fire within the test that let it in.
 */

/** Markdown messages, as a user or a model could write them. */
export const MARKDOWN_PAYLOADS: readonly string[] = [
	'<script>window.__xss = true</script>',
	'Hello <img src=x: onerror="window.__xss = true"> there',
	'<svg><script>window.__xss = true</script></svg>',
	'<svg onload="window.__xss = true"></svg>',
	'<svg><a xlink:href="javascript:window.__xss = true"><text y="20">svg link</text></a></svg>',
	'<svg><animate onbegin="window.__xss = true" attributeName="x" dur="1s"/></svg>',
	'[a link](javascript:window.__xss=true)',
	'[an encoded link](javascript&#58;window.__xss=true)',
	'[another](&#x6A;avascript:window.__xss=true)',
	'[tabbed](<java\tscript:window.__xss=true>)',
	'[by reference][evil]\n\n[evil]: javascript:window.__xss=true',
	'<javascript:window.__xss=true>',
	'<a href="javascript:window.__xss = true">raw link</a>',
	'<a href="&#106;avascript:window.__xss = true">entity link</a>',
	'[data](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9dHJ1ZTwvc2NyaXB0Pg==)',
	'![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
	'![x](javascript:window.__xss=true)',
	'![remote](https://tracker.example/pixel.png)',
	'<iframe src="javascript:parent.__xss = true"></iframe>',
	'<iframe srcdoc="<script>parent.__xss = true</script>"></iframe>',
	'<math><mtext><table><mglyph><style><img src=x: onerror="window.__xss = true">',
	'<math><a xlink:href="javascript:window.__xss = true">math link</a></math>',
	'<noscript><p title="</noscript><img src=x: onerror=window.__xss=true>">',
	'<details open ontoggle="window.__xss = true">x</details>',
	'<object data="javascript:window.__xss = true"></object><embed src="javascript:window.__xss = true">',
	'<form><button formaction="javascript:window.__xss = true">go</button></form>',
	'<input autofocus onfocus="window.__xss = true">',
	'<<script>script>window.__xss = true<</script>/script>',
	'`<img src=x: onerror="window.__xss = true">` in code',
	'```"><img src=x: onerror="window.__xss = true">\ncode\n```',
	'```html\n<img src=x: onerror="window.__xss = true">\n```',
	'| a | b |\n|---|---|\n| <img src=x: onerror="window.__xss = true"> | [x](javascript:window.__xss=true) |',
	'> <svg onload="window.__xss = true">\n> quoted',
	'- [ ] <img src=x: onerror="window.__xss = true">',
	'**<img src=x: onerror="window.__xss = true">**'
];

/** Raw HTML, to show that the sanitiser holds by itself, without the markdown renderer's escaping. */
export const HTML_PAYLOADS: readonly string[] = [
	'<script>window.__xss = true</script>',
	'<img src=x: onerror="window.__xss = true">',
	'<svg><script>window.__xss = true</script></svg>',
	'<svg onload="window.__xss = true"></svg>',
	'<a href="javascript:window.__xss = true">x</a>',
	'<a href="&#106;avascript:window.__xss = true">x</a>',
	'<a href=" javascript:window.__xss = true">x</a>',
	'<a href="data:text/html,<script>parent.__xss=true</script>">x</a>',
	'<iframe srcdoc="<script>parent.__xss = true</script>"></iframe>',
	'<math><mtext><table><mglyph><style><img src=x: onerror="window.__xss = true">',
	'<form><math><mtext></form><form><mglyph><style></math><img src onerror="window.__xss = true">',
	'<noscript><p title="</noscript><img src=x: onerror=window.__xss=true>">',
	'<details open ontoggle="window.__xss = true">x</details>',
	'<button formaction="javascript:window.__xss = true" form="f">x</button>',
	'<input autofocus onfocus="window.__xss = true">',
	'<div style="background:url(javascript:window.__xss=true)">x</div>',
	'<p id="__xss">clobber</p><form name="cookie"></form>',
	'<code onclick="window.__xss = true" class="x">x</code>'
];

/** What a rendered message must never hold: elements, attributes and URLs that run or load. */
export function dangers(root: ParentNode): string[] {
	const found: string[] = [];
	const allowedTags = new Set([
		'A',
		'BLOCKQUOTE',
		'BR',
		'BUTTON',
		'CODE',
		'DEL',
		'DIV',
		'EM',
		'H1',
		'H2',
		'H3',
		'H4',
		'H5',
		'H6',
		'HR',
		'INPUT',
		'LI',
		'OL',
		'P',
		'PRE',
		'SPAN',
		'STRONG',
		'TABLE',
		'TBODY',
		'TD',
		'TH',
		'THEAD',
		'TR',
		'UL'
	]);
	const allowedAttributes = new Set([
		'href',
		'title',
		'class',
		'align',
		'start',
		'type',
		'checked',
		'disabled',
		'tabindex',
		'target',
		'rel',
		'data-state',
		'data-streaming',
		'data-cursor',
		'hidden'
	]);
	for (const element of root.querySelectorAll('*')) {
		if (
			!allowedTags.has(element.tagName) ||
			element.namespaceURI !== 'http://www.w3.org/1999/xhtml'
		) {
			found.push(`<${element.tagName.toLowerCase()}>`);
		}
		for (const { name, value } of element.attributes) {
			if (!allowedAttributes.has(name)) found.push(`${element.tagName.toLowerCase()}[${name}]`);
			if (name === 'href' && !/^(https?|mailto):/i.test(value)) found.push(`href=${value}`);
		}
		if (element instanceof HTMLAnchorElement && element.hasAttribute('href')) {
			if (element.target !== '_blank' || element.rel !== 'noopener noreferrer') {
				found.push(`a without target/rel: ${element.outerHTML}`);
			}
		}
		if (element instanceof HTMLButtonElement && element.type !== 'button') {
			found.push(`button type=${element.type}`);
		}
	}
	return found;
}
