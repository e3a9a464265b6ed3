/** The schemes a link in a message may use: anything else (javascript:, data:, vbscript:…) is text. */
const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];

/**
 * DOMPurify's test for URL attributes: the value must start with http:, https: or mailto:
 * (DOMPurify strips whitespace and control characters before testing, as browsers do).
 */
export const SAFE_URI = /^(?:https?|mailto):/i;

/**
 * The absolute URL a link or image in a message may point to, or null when it may not: relative
 * URLs (they would reach this app's own API with the reader's cookies), schemes other than
 * http(s) and mailto, and anything that does not parse. `href` is the URL as the browser will
 * read it, after the markdown parser has resolved escapes and character references.
 */
export function safeHref(href: string): string | null {
	// Browsers drop tabs and newlines anywhere in a URL and spaces and control characters at its
	// ends (WHATWG URL), so `java\tscript:` is javascript: to them.
	// eslint-disable-next-line no-control-regex -- these are exactly the characters in question
	const cleaned = href.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
	if (!SAFE_URI.test(cleaned)) return null;
	try {
		const url = new URL(cleaned);
		return LINK_SCHEMES.includes(url.protocol) ? url.href : null;
	} catch {
		return null;
	}
}
