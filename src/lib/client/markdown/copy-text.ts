/**
 * Puts `text` on the clipboard; false when the browser refused. The Clipboard API needs a secure
 * context (https or localhost); elsewhere a hidden text area and `execCommand('copy')` do it.
 */
export async function copyText(text: string): Promise<boolean> {
	if (navigator.clipboard) {
		try {
			await navigator.clipboard.writeText(text);
			return true;
		} catch {
			// Refused (no permission, page not focused): try the old way.
		}
	}
	const focused = document.activeElement;
	const area = document.createElement('textarea');
	area.value = text;
	area.setAttribute('readonly', '');
	area.style.position = 'fixed';
	area.style.opacity = '0';
	document.body.append(area);
	area.select();
	let copied = false;
	try {
		copied = document.execCommand('copy');
	} catch {
		copied = false;
	}
	area.remove();
	if (focused instanceof HTMLElement) focused.focus();
	return copied;
}
