/*
 * The last word on what HTML a message may put into the page. The markdown renderer already
 * escapes raw HTML and drops unsafe URLs; this allow-list holds even if it did not: only the
 * elements and attributes the renderer writes, links to http(s) and mailto only, no SVG or
 * MathML, no event handlers, styles, ids or forms.
 */
import DOMPurify from 'dompurify';
import { SAFE_URI } from './safe-url';

const ALLOWED_TAGS = [
	'a',
	'blockquote',
	'br',
	'button',
	'code',
	'del',
	'div',
	'em',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'hr',
	'input',
	'li',
	'ol',
	'p',
	'pre',
	'span',
	'strong',
	'table',
	'tbody',
	'td',
	'th',
	'thead',
	'tr',
	'ul'
];

const ALLOWED_ATTR = [
	'href',
	'title',
	'class',
	'align',
	'start',
	'type',
	'checked',
	'disabled',
	'tabindex'
];

/** A DOMPurify instance of its own: its hooks do not reach any other user of the library. */
let purifier: ReturnType<typeof DOMPurify> | undefined;

function instance(): ReturnType<typeof DOMPurify> {
	if (purifier) return purifier;
	const created = DOMPurify(window);
	created.setConfig({
		ALLOWED_TAGS,
		ALLOWED_ATTR,
		ALLOWED_URI_REGEXP: SAFE_URI,
		// DOMPurify tests every attribute not listed as URI-safe against ALLOWED_URI_REGEXP; these
		// are never URLs (and `align="right"` is not an http URL).
		ADD_URI_SAFE_ATTR: ['align', 'start', 'tabindex', 'type'],
		ALLOW_DATA_ATTR: false,
		ALLOW_ARIA_ATTR: false,
		ALLOWED_NAMESPACES: ['http://www.w3.org/1999/xhtml'],
		SANITIZE_NAMED_PROPS: true
	});
	created.addHook('afterSanitizeAttributes', (node) => {
		if (node instanceof HTMLAnchorElement) {
			if (node.hasAttribute('href')) {
				// Opens in a new tab that can neither reach this page (window.opener) nor learn its URL.
				node.setAttribute('target', '_blank');
				node.setAttribute('rel', 'noopener noreferrer');
			}
		} else if (node instanceof HTMLInputElement) {
			// Task-list boxes only: they show a state and take no input.
			node.setAttribute('type', 'checkbox');
			node.setAttribute('disabled', '');
		} else if (node instanceof HTMLButtonElement) {
			// The code blocks' copy buttons: a button never submits anything.
			node.setAttribute('type', 'button');
		}
	});
	purifier = created;
	return created;
}

/** `html` with everything but the allow-listed markup removed; safe to assign to innerHTML. */
export function sanitizeHtml(html: string): string {
	return instance().sanitize(html);
}
