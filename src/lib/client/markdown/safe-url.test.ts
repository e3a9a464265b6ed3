import { describe, expect, it } from 'vitest';
import { safeHref } from './safe-url';

describe('safeHref', () => {
	it.each([
		['https://example.com/a?b=1', 'https://example.com/a?b=1'],
		['http://example.com', 'http://example.com/'],
		['HTTPS://EXAMPLE.COM/x', 'https://example.com/x'],
		['mailto:someone@example.com', 'mailto:someone@example.com'],
		['  https://example.com/ ', 'https://example.com/']
	])('keeps %s as %s', (href, url) => {
		expect(safeHref(href)).toBe(url);
	});

	it.each([
		'javascript:alert(1)',
		'JaVaScRiPt:alert(1)',
		' javascript:alert(1)',
		'java\tscript:alert(1)',
		'java\nscript:alert(1)',
		'\u0001javascript:alert(1)',
		'javascript&#58;alert(1)',
		'vbscript:msgbox(1)',
		'data:text/html,<script>alert(1)</script>',
		'data:image/svg+xml;base64,PHN2Zz4=',
		'file:///etc/passwd',
		'blob:https://example.com/id',
		'/api/sync/push',
		'//evil.example/x',
		'#top',
		'example.com',
		'https://',
		''
	])('refuses %j', (href) => {
		expect(safeHref(href)).toBeNull();
	});
});
